package io.stylesync.training.run;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.stylesync.training.loop.EpochFigures;

/** Each finished epoch into the run's view (epoch, loss, metrics so far), named with the stage's prefix. */
final class RunProgressListener extends TrainingListenerAdapter {

    private final TrainingRun run;
    private final String prefix;

    RunProgressListener(TrainingRun run, String prefix) {
        this.run = run;
        this.prefix = prefix;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        EpochFigures figures = EpochFigures.of(trainer);
        run.epoch(figures.epoch(), figures.trainLoss(), figures.named(prefix));
    }
}
