package io.stylesync.training.loop;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Stops training when {@code cancelled} says so, checked after every training and validation batch and every
 * epoch: it throws a {@link CancellationException}, which {@link EpochDriver} turns into a cancelled result with
 * the best epoch finished so far (as DJL's {@code EarlyStoppingListener} stops {@code EasyTrain.fit}).
 */
public final class CancellationListener extends TrainingListenerAdapter {

    private final BooleanSupplier cancelled;

    public CancellationListener(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        check("during an epoch");
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        check("during validation");
    }

    @Override
    public void onEpoch(Trainer trainer) {
        check("after epoch " + EpochFigures.of(trainer).epoch());
    }

    private void check(String when) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled " + when);
        }
    }
}
