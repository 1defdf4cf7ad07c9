package io.stylesync.training.network;

import java.util.Map;

/** Hears about each finished epoch of {@link HeadTrainer#train}, and may stop the run. */
public interface EpochListener {

    EpochListener NONE = (epoch, trainLoss, valAccuracy) -> {};

    /**
     * @param epoch       1-based
     * @param trainLoss   mean training loss of the epoch (summed over heads)
     * @param valAccuracy by attribute, for heads with validation targets
     */
    void onEpoch(int epoch, double trainLoss, Map<String, Double> valAccuracy);

    /** Polled after each epoch; {@code true} ends training with the best weights so far. */
    default boolean cancelled() {
        return false;
    }
}
