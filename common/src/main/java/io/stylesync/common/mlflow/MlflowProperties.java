package io.stylesync.common.mlflow;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the MLflow tracking server is and what StyleSync calls things there.
 *
 * @param modelName the registered model training registers and inference serves
 */
@ConfigurationProperties("stylesync.mlflow")
public record MlflowProperties(
        @DefaultValue("http://127.0.0.1:5000") URI trackingUri,
        @DefaultValue("stylesync") String experiment,
        @DefaultValue("stylesync-fashion") String modelName,
        @DefaultValue("PT30S") Duration timeout) {}
