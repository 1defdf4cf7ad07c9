package io.stylesync.common.mlflow;

import java.util.List;

/** A registered model version as the MLflow registry reports it. */
public record ModelVersion(String name, String version, String source, String runId, String status, List<String> aliases) {

    public boolean isReady() {
        return "READY".equals(status);
    }
}
