package io.stylesync.training.loop;

import java.util.List;

/**
 * What {@link EpochDriver#fit} leaves.
 *
 * @param best      the best epoch's snapshot ({@link KeepBest})
 * @param bestEpoch 1-based epoch of {@code best}
 * @param epochsRun epochs started (early stopping and cancellation end training before the planned number)
 * @param cancelled a listener cancelled the run; {@code best} is the best epoch finished before that
 * @param trainLoss mean training loss of each finished epoch
 */
public record FitResult<T>(T best, int bestEpoch, int epochsRun, boolean cancelled, List<Double> trainLoss) {

    public FitResult {
        trainLoss = List.copyOf(trainLoss);
    }
}
