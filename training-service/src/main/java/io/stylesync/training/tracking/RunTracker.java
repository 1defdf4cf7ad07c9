package io.stylesync.training.tracking;

import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.MlflowRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run's MLflow record, buffered: params, tags and metrics are queued and flushed
 * whenever MLflow answers. While MLflow is down, training goes on and the queue grows; the
 * {@link MlflowRetrier} keeps flushing until the run exists, everything is logged and its status is
 * set, so no run is silently lost.
 */
public final class RunTracker {

    private static final Logger log = LoggerFactory.getLogger(RunTracker.class);

    private final MlflowClient mlflow;
    private final String experimentName;
    private final String runName;
    private final Map<String, String> pendingParams = new LinkedHashMap<>();
    private final Map<String, String> pendingTags = new LinkedHashMap<>();
    private final List<MlflowClient.Metric> pendingMetrics = new ArrayList<>();
    private MlflowRun run;
    private String pendingStatus;
    private String lastError;

    public RunTracker(MlflowClient mlflow, String experimentName, String runName, Map<String, String> tags) {
        this.mlflow = mlflow;
        this.experimentName = experimentName;
        this.runName = runName;
        this.pendingTags.putAll(tags);
    }

    public synchronized void params(Map<String, String> params) {
        pendingParams.putAll(params);
        flush();
    }

    public synchronized void tags(Map<String, String> tags) {
        pendingTags.putAll(tags);
        flush();
    }

    public synchronized void metrics(Map<String, Double> values, long step) {
        values.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                pendingMetrics.add(MlflowClient.Metric.of(k, v, step));
            }
        });
        flush();
    }

    /** Marks the run FINISHED, FAILED or KILLED (now, or once MLflow is back). */
    public synchronized void finish(String status) {
        pendingStatus = status;
        flush();
    }

    /** Sends what is queued; true when nothing is left. Never throws for an unreachable MLflow. */
    public synchronized boolean flush() {
        try {
            if (run == null) {
                run = mlflow.createRun(mlflow.getOrCreateExperiment(experimentName), runName, Map.of());
            }
            if (!pendingParams.isEmpty() || !pendingTags.isEmpty() || !pendingMetrics.isEmpty()) {
                mlflow.logBatch(
                        run.runId(), List.copyOf(pendingMetrics), Map.copyOf(pendingParams), Map.copyOf(pendingTags));
                pendingParams.clear();
                pendingTags.clear();
                pendingMetrics.clear();
            }
            if (pendingStatus != null) {
                mlflow.finishRun(run.runId(), pendingStatus);
                pendingStatus = null;
            }
            lastError = null;
            return true;
        } catch (MlflowException e) {
            if (!e.isUnreachable()) {
                throw e;
            }
            if (lastError == null) {
                log.warn(
                        "MLflow unavailable; run {} keeps {} metrics buffered: {}",
                        runName,
                        pendingMetrics.size(),
                        e.getMessage());
            }
            lastError = e.getMessage();
            return false;
        }
    }

    public synchronized boolean isFlushed() {
        return run != null
                && pendingParams.isEmpty()
                && pendingTags.isEmpty()
                && pendingMetrics.isEmpty()
                && pendingStatus == null;
    }

    /** The MLflow run, or null while MLflow has not been reachable yet. */
    public synchronized MlflowRun run() {
        return run;
    }

    public synchronized int bufferedMetrics() {
        return pendingMetrics.size();
    }

    public synchronized String lastError() {
        return lastError;
    }
}
