package io.stylesync.training.run;

import io.stylesync.training.network.FineTuneConfig;
import io.stylesync.training.network.HeadTrainingConfig;
import java.util.List;

/**
 * A validated training request with defaults filled in.
 *
 * @param normalization {@code mobilenet} (x/127.5 - 1, the shared MobileNetV2 and EfficientNet-Lite) or {@code imagenet} (torchvision mean/std)
 * @param maxClassesPerHead the most frequent classes kept per head; the rest fold into {@code Other}
 * @param minClassCount     classes with fewer training images fold into {@code Other}
 * @param head              training of the heads on frozen (cached) backbone features, always done first
 * @param fineTune          then fine-tuning of backbone and heads on images; {@code null} for a frozen backbone
 */
public record TrainingSpec(
        String datasetVersion,
        List<String> targetAttributes,
        String backbone,
        String normalization,
        int imageSize,
        int maxClassesPerHead,
        int minClassCount,
        HeadTrainingConfig head,
        FineTuneConfig fineTune,
        String modelName) {

    public boolean finetunes() {
        return fineTune != null;
    }

    /** {@code frozen}, {@code last-n} or {@code full}. */
    public String freeze() {
        return fineTune == null ? "frozen" : fineTune.policy().label();
    }
}
