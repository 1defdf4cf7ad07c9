package io.stylesync.monitoring.support;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.monitoring.MonitoringApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** monitoring-service in this JVM on a real S3 endpoint, its reference from the fixture's dataset statistics. */
public final class MonitoringInstance {

    private MonitoringInstance() {}

    public static ConfigurableApplicationContext start(
            EmbeddedS3Extension s3, BundleReferenceFixture fixture, Map<String, String> extra) {
        writeReference(s3, fixture);
        Map<String, Object> props = properties(s3);
        props.put("stylesync.monitoring.checkpoint.enabled", "false");
        props.putAll(extra);
        // as command-line arguments: they win over application.yml, as a deployment's environment does
        return new SpringApplicationBuilder(MonitoringApplication.class)
                .run(props.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    /** The fixture's statistics as dataset fashion-products v1's reference, where the service reads it at start. */
    public static void writeReference(EmbeddedS3Extension s3, BundleReferenceFixture fixture) {
        s3.store().ensureBucket("stylesync");
        s3.store()
                .put(
                        DatasetPaths.versionPrefix("stylesync", "fashion-products", "v1")
                                .resolve(DatasetPaths.REFERENCE_STATS),
                        JsonMapper.builder().build().writeValueAsBytes(fixture.statistics()),
                        "application/json");
    }

    /** Settings pointing the service at {@code s3} and at that reference (no MLflow); a mutable map to add to. */
    public static Map<String, Object> properties(EmbeddedS3Extension s3) {
        Map<String, Object> props = new HashMap<>(s3.springProperties());
        props.put("server.port", "0");
        props.put("stylesync.storage.bucket", "stylesync");
        props.put("stylesync.storage.max-attempts", "2");
        props.put("stylesync.mlflow.tracking-uri", "http://127.0.0.1:9"); // the reference comes from the dataset
        props.put("stylesync.monitoring.reference.dataset", "fashion-products");
        props.put("stylesync.monitoring.reference.dataset-version", "v1");
        props.put("stylesync.monitoring.reference.start-alias", "");
        return props;
    }
}
