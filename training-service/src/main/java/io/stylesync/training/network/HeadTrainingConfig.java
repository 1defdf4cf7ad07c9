package io.stylesync.training.network;

import io.stylesync.training.loop.HeadTargets;

/**
 * Hyper-parameters of {@link HeadTrainer}.
 *
 * @param epochs                most passes over the training set
 * @param batchSize             examples per Adam step
 * @param learningRate          Adam step size
 * @param weightDecay           L2 penalty on all weights (Adam's coupled decay), on standardised features
 * @param earlyStoppingPatience stop after this many epochs without a better mean validation accuracy; 0 never stops early
 * @param classWeights          weight each example's loss by its class's inverse training frequency
 * @param hiddenUnits           units of each head's hidden ReLU layer; 0 for linear heads
 * @param seed                  initial weights and batch order
 */
public record HeadTrainingConfig(
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        int earlyStoppingPatience,
        boolean classWeights,
        int hiddenUnits,
        long seed) {

    /** The largest hidden layer a request may ask for (a bundle may hold up to {@code MAX_HIDDEN_UNITS}). */
    public static final int MAX_HIDDEN_UNITS = 4096;

    public HeadTrainingConfig {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be >= 1: " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive: " + learningRate);
        }
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0: " + weightDecay);
        }
        if (hiddenUnits < 0 || hiddenUnits > MAX_HIDDEN_UNITS) {
            throw new IllegalArgumentException("hiddenUnits must be 0 to " + MAX_HIDDEN_UNITS + ": " + hiddenUnits);
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("earlyStoppingPatience must be >= 0: " + earlyStoppingPatience);
        }
    }

    /**
     * A linear probe on standardised 1280-d MobileNetV2 features: Adam 1e-3, batch 64, light L2, up to 60 epochs
     * with patience 10 (on the labelled fashion photos the best epoch came at 57). No class weights: on the full
     * thumbnails, inverse-frequency weights cost 3.2 points of articleType accuracy on real full-resolution photos
     * (0.827 → 0.796; catalogues are skewed like the training data) and calibration on every head but subCategory,
     * for some macro-F1 on gender, baseColour and season; docs/quality.md §5.
     */
    public static final int DEFAULT_HIDDEN_UNITS = 512;

    public static HeadTrainingConfig defaults() {
        return new HeadTrainingConfig(60, 64, 1e-3f, 1e-4f, 10, false, DEFAULT_HIDDEN_UNITS, 42L);
    }

    /** The loss weighting {@code classWeights} asks for. */
    public HeadTargets.ClassWeighting weighting() {
        return classWeights ? HeadTargets.ClassWeighting.INVERSE_FREQUENCY : HeadTargets.ClassWeighting.NONE;
    }

    public HeadTrainingConfig withEpochs(int newEpochs) {
        return new HeadTrainingConfig(
                newEpochs,
                batchSize,
                learningRate,
                weightDecay,
                earlyStoppingPatience,
                classWeights,
                hiddenUnits,
                seed);
    }

    public HeadTrainingConfig withSeed(long newSeed) {
        return new HeadTrainingConfig(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                earlyStoppingPatience,
                classWeights,
                hiddenUnits,
                newSeed);
    }

    public HeadTrainingConfig withEarlyStoppingPatience(int patience) {
        return new HeadTrainingConfig(
                epochs, batchSize, learningRate, weightDecay, patience, classWeights, hiddenUnits, seed);
    }

    public HeadTrainingConfig withHiddenUnits(int units) {
        return new HeadTrainingConfig(
                epochs, batchSize, learningRate, weightDecay, earlyStoppingPatience, classWeights, units, seed);
    }
}
