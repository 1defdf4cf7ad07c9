package io.stylesync.training.run;

import io.stylesync.common.job.AbstractQueuedJob;
import io.stylesync.training.tracking.RunTracker;
import java.util.Map;
import java.util.TreeMap;

/** The live state of one training run; the pipeline updates it, the API reads snapshots. */
public final class TrainingRun extends AbstractQueuedJob<TrainingSpec, TrainingRunView> {

    private volatile RunState state = RunState.QUEUED;
    private volatile RunPhase phase = RunPhase.QUEUED;
    private volatile boolean cancelRequested;
    private volatile boolean stopping;
    private volatile int epoch;
    private volatile long embedded;
    private volatile long toEmbed;
    private volatile Double trainLoss;
    private volatile long phaseStartNanos = System.nanoTime();
    private volatile String modelVersion;
    private volatile String registration = "NOT_STARTED";
    private volatile RunTracker tracker;
    private final Map<String, Double> metrics = new TreeMap<>();

    TrainingRun(TrainingSpec spec) {
        super(spec);
    }

    public RunState state() {
        return state;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** The service is stopping: the run stops as a cancel would, but ends INTERRUPTED, not CANCELLED by a user. */
    void requestStop() {
        stopping = true;
        cancelRequested = true;
    }

    boolean stopping() {
        return stopping;
    }

    void start(RunTracker t) {
        tracker = t;
        markStarted();
        state = RunState.RUNNING;
    }

    void phase(RunPhase p) {
        if (p == RunPhase.FINE_TUNING) {
            epoch = 0;
        }
        phase = p;
        phaseStartNanos = System.nanoTime();
    }

    void embedding(long done, long total) {
        embedded = done;
        toEmbed = total;
    }

    void epoch(int e, double loss, Map<String, Double> values) {
        epoch = e;
        trainLoss = loss;
        synchronized (metrics) {
            metrics.putAll(values);
        }
    }

    void metrics(Map<String, Double> values) {
        synchronized (metrics) {
            metrics.putAll(values);
        }
    }

    void registered(String version, String status) {
        modelVersion = version;
        registration = status;
    }

    void end(RunState s, String cause) {
        markFinished(cause);
        phase = s == RunState.SUCCEEDED ? RunPhase.DONE : phase;
        state = s;
    }

    @Override
    public TrainingRunView view() {
        Long eta = null;
        double elapsed = (System.nanoTime() - phaseStartNanos) / 1e9;
        if (phase == RunPhase.FEATURES && embedded > 0) {
            eta = Math.round(elapsed / embedded * (toEmbed - embedded));
        } else if (phase == RunPhase.TRAINING && epoch > 0) {
            eta = Math.round(elapsed / epoch * (spec().head().epochs() - epoch));
        } else if (phase == RunPhase.FINE_TUNING && epoch > 0) {
            eta = Math.round(elapsed / epoch * (spec().fineTune().epochs() - epoch));
        }
        int epochs = phase == RunPhase.FINE_TUNING
                ? spec().fineTune().epochs()
                : spec().head().epochs();
        Map<String, Double> snapshot;
        synchronized (metrics) {
            snapshot = Map.copyOf(metrics);
        }
        RunTracker t = tracker;
        return new TrainingRunView(
                id(),
                spec().datasetVersion(),
                spec().modelName(),
                state,
                phase,
                epoch,
                epochs,
                embedded,
                toEmbed,
                trainLoss,
                snapshot,
                eta,
                t == null || t.run() == null ? null : t.run().runId(),
                modelVersion,
                registration,
                t == null ? 0 : t.bufferedMetrics(),
                submittedAt(),
                startedAt(),
                finishedAt(),
                error());
    }
}
