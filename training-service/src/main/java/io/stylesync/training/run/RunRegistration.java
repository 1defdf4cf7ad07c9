package io.stylesync.training.run;

import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.training.registry.ModelRegistrar;
import io.stylesync.training.tracking.MlflowRetrier;
import io.stylesync.training.tracking.RunTracker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Publishes a run's bundle as a registered model version tagged with its test metrics; while MLflow cannot be
 * reached the publication waits in the {@link MlflowRetrier} and the run says so.
 */
@Component
class RunRegistration {

    private final ModelRegistrar registrar;
    private final MlflowRetrier retrier;

    RunRegistration(ModelRegistrar registrar, MlflowRetrier retrier) {
        this.registrar = registrar;
        this.retrier = retrier;
    }

    void register(TrainingRun run, RunTracker tracker, Path bundleDir, Map<String, Double> metrics) {
        TrainingSpec spec = run.spec();
        Map<String, String> versionTags = new HashMap<>();
        versionTags.put("dataset.version", spec.datasetVersion());
        versionTags.put("training.run", run.id());
        metrics.forEach((k, v) -> versionTags.put("metric." + k, String.valueOf(v)));
        MlflowRetrier.Pending publish = () -> {
            if (!tracker.flush() || tracker.run() == null) {
                return false;
            }
            try {
                ModelVersion v = registrar.publish(tracker.run(), bundleDir, spec.modelName(), versionTags);
                run.registered(v.version(), "REGISTERED");
                return true;
            } catch (MlflowException e) {
                if (e.isUnreachable()) {
                    return false;
                }
                run.registered(null, "FAILED: " + e.getMessage());
                return true;
            }
        };
        if (!publish.retry()) {
            run.registered(null, "PENDING (MLflow unavailable; retrying)");
            retrier.add(publish);
        }
    }

    /** The run's MLflow record still to be flushed goes to the retrier. */
    void flushLater(RunTracker tracker) {
        if (!tracker.isFlushed()) {
            retrier.add(tracker::flush);
        }
    }
}
