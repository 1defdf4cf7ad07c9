package io.stylesync.training.tracking;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.stylesync.training.loop.EpochFigures;

/** Logs each finished epoch's loss and validation accuracies to the run's MLflow record, step = epoch. */
public final class MlflowEpochLogger extends TrainingListenerAdapter {

    private final RunTracker tracker;
    private final String prefix;

    /** @param prefix put before every metric name, e.g. {@code finetune.} */
    public MlflowEpochLogger(RunTracker tracker, String prefix) {
        this.tracker = tracker;
        this.prefix = prefix;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        EpochFigures figures = EpochFigures.of(trainer);
        tracker.metrics(figures.named(prefix), figures.epoch());
    }
}
