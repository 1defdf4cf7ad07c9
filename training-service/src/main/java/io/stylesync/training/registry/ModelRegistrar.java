package io.stylesync.training.registry;

import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowRun;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Publishes a model bundle: its files as the run's {@code model/} artifacts (through MLflow's
 * artifact proxy) and under {@code models/<name>/<run>/} in S3, then a registered model version
 * whose source is those artifacts, waited on until READY and given the alias {@code challenger}.
 */
@Component
public class ModelRegistrar {

    public static final String ARTIFACT_DIR = "model";
    public static final String CHALLENGER = "challenger";
    public static final String CHAMPION = "champion";

    private final MlflowClient mlflow;
    private final ObjectStore store;
    private final String bucket;

    public ModelRegistrar(MlflowClient mlflow, ObjectStore store, StorageProperties storage) {
        this.mlflow = mlflow;
        this.store = store;
        this.bucket = storage.bucket();
    }

    public ModelVersion publish(MlflowRun run, Path bundleDir, String modelName, Map<String, String> versionTags) {
        List<Path> files = files(bundleDir);
        S3Location s3Prefix = S3Location.of(bucket, "models/" + modelName + "/" + run.runId() + "/");
        for (Path f : files) {
            String relative = bundleDir.relativize(f).toString().replace('\\', '/');
            store.upload(s3Prefix.resolve(relative), f, "application/octet-stream");
            mlflow.uploadArtifact(run, ARTIFACT_DIR + "/" + relative, f);
        }
        mlflow.createRegisteredModel(modelName);
        ModelVersion created =
                mlflow.createModelVersion(modelName, run.artifactUri() + "/" + ARTIFACT_DIR, run.runId(), versionTags);
        ModelVersion ready = mlflow.awaitReady(modelName, created.version(), Duration.ofMinutes(2));
        mlflow.setAlias(modelName, CHALLENGER, ready.version());
        return ready;
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
