package io.stylesync.training.network;

import io.stylesync.training.augment.Augmentation;
import io.stylesync.training.loop.HeadTargets;
import java.util.Objects;

/**
 * Hyper-parameters of {@link BackboneFineTuner}.
 *
 * @param policy                which backbone parameters train ({@code LAST_N} or {@code FULL})
 * @param epochs                passes over the training images
 * @param batchSize             images per Adam step
 * @param headLearningRate      Adam step size of the heads
 * @param backboneLearningRate  Adam step size of the trainable backbone parameters (usually 10x smaller)
 * @param weightDecay           Adam's coupled L2 penalty, all trainable parameters
 * @param earlyStoppingPatience epochs without a better mean validation accuracy before stopping; 0 never stops early
 * @param classWeights          inverse-frequency class weights in the loss, as {@link HeadTrainer}
 * @param seed                  batch order and augmentation draws
 * @param augmentation          applied to training images only
 */
public record FineTuneConfig(
        FreezePolicy policy,
        int epochs,
        int batchSize,
        float headLearningRate,
        float backboneLearningRate,
        float weightDecay,
        int earlyStoppingPatience,
        boolean classWeights,
        long seed,
        Augmentation augmentation) {

    public FineTuneConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(augmentation, "augmentation");
        if (!policy.finetunes()) {
            throw new IllegalArgumentException(
                    "a frozen backbone is not fine-tuned; train heads on cached features instead");
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be >= 1: " + epochs + ", " + batchSize);
        }
        for (float lr : new float[] {headLearningRate, backboneLearningRate}) {
            if (!(lr > 0) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException(
                        "learning rates must be positive: " + headLearningRate + ", " + backboneLearningRate);
            }
        }
        if (!(weightDecay >= 0) || earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("weightDecay and earlyStoppingPatience must be >= 0");
        }
    }

    /** The loss weighting {@code classWeights} asks for. */
    public HeadTargets.ClassWeighting weighting() {
        return classWeights ? HeadTargets.ClassWeighting.INVERSE_FREQUENCY : HeadTargets.ClassWeighting.NONE;
    }
}
