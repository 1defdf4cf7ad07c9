package io.stylesync.training.network;

import io.stylesync.common.model.ClassifierHead;
import java.util.List;

/**
 * @param heads     the best epoch's weights, one head per label space in the order given, scoring raw features
 * @param bestEpoch 1-based epoch whose weights these are
 * @param epochsRun epochs trained (early stopping and cancellation end it before {@code epochs})
 * @param trainLoss mean training loss per epoch run
 */
public record TrainingResult(
        List<ClassifierHead> heads, int bestEpoch, int epochsRun, boolean cancelled, List<Double> trainLoss) {

    public TrainingResult {
        heads = List.copyOf(heads);
        trainLoss = List.copyOf(trainLoss);
    }
}
