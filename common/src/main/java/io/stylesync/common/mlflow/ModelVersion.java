package io.stylesync.common.mlflow;

import java.util.List;
import java.util.Map;

/** A registered model version as the MLflow registry reports it. */
public record ModelVersion(
        String name,
        String version,
        String source,
        String runId,
        String status,
        List<String> aliases,
        Map<String, String> tags) {

    public boolean isReady() {
        return "READY".equals(status);
    }
}
