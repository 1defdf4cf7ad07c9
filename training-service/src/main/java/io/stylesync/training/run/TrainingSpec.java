package io.stylesync.training.run;

import io.stylesync.common.image.Normalization;
import io.stylesync.training.network.FineTuneConfig;
import io.stylesync.training.network.FreezePolicy;
import io.stylesync.training.network.HeadTrainingConfig;
import io.stylesync.training.search.TextSearchConfig;
import java.util.List;

/**
 * A validated training request with defaults filled in.
 *
 * @param normalization {@code mobilenet} (x/127.5 - 1, the shared MobileNetV2 and EfficientNet-Lite) or {@code imagenet} (torchvision mean/std)
 * @param maxClassesPerHead the most frequent classes kept per head; the rest fold into {@code Other}
 * @param minClassCount     classes with fewer training images fold into {@code Other}
 * @param head              training of the heads on frozen (cached) backbone features, always done first
 * @param fineTune          then fine-tuning of backbone and heads on images; {@code null} for a frozen backbone
 * @param textSearch        then a text encoder for text search on the shipped backbone's features; {@code null}: none
 */
public record TrainingSpec(
        String datasetVersion,
        List<String> targetAttributes,
        String backbone,
        Normalization normalization,
        int imageSize,
        int maxClassesPerHead,
        int minClassCount,
        HeadTrainingConfig head,
        FineTuneConfig fineTune,
        String modelName,
        TextSearchConfig textSearch) {

    /** The most frequent classes a head keeps unless a request says otherwise. */
    public static final int DEFAULT_MAX_CLASSES_PER_HEAD = 20;
    /** Classes with fewer training images fold into Other unless a request says otherwise. */
    public static final int DEFAULT_MIN_CLASS_COUNT = 10;

    public boolean trainsTextSearch() {
        return textSearch != null;
    }

    public boolean finetunes() {
        return fineTune != null;
    }

    public FreezePolicy.Kind freeze() {
        return fineTune == null ? FreezePolicy.Kind.FROZEN : fineTune.policy().kind();
    }
}
