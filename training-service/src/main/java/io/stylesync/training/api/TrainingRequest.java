package io.stylesync.training.api;

import io.stylesync.common.image.Normalization;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.training.network.FreezePolicy;
import io.stylesync.training.network.HeadTrainingConfig;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v1/training-runs}. Only {@code datasetVersion} is required. */
public record TrainingRequest(
        @Schema(example = "v0123456789abcdef")
        @NotNull
        @Pattern(regexp = "v[0-9a-f]{16}", message = "must look like v0123456789abcdef")
        String datasetVersion,

        @Schema(
                example = "[\"articleType\", \"masterCategory\"]",
                description = "one head each; default: the dataset's target attributes")
        @Size(min = 1, max = 16)
        List<@NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}") String> targetAttributes,

        @Schema(
                description =
                        "TorchScript backbone: a file path or s3:// URI; default stylesync.training.default-backbone")
        @Size(max = 1100)
        String backbone,

        @Schema(
                allowableValues = {"mobilenet", "imagenet"},
                defaultValue = "mobilenet")
        Normalization normalization,

        @Schema(defaultValue = "" + PreprocessConfig.DEFAULT_SIZE) @Min(32) @Max(512)
        Integer imageSize,

        @Min(1) @Max(500) Integer epochs,
        @Min(1) @Max(4096) Integer batchSize,
        @DecimalMin("1e-6") @DecimalMax("1.0") Float learningRate,
        @DecimalMin("0.0") @DecimalMax("1.0") Float weightDecay,

        @Schema(
                allowableValues = {"frozen", "last-n", "full"},
                description =
                        "frozen (default): heads on cached backbone features; "
                                + "last-n: also fine-tune the backbone's last trainableBlocks blocks; full: fine-tune the whole backbone")
        FreezePolicy.Kind freeze,

        @Schema(
                description =
                        "last-n only: how many blocks (top-level numbered modules, or layers of a flat backbone) train; default 1")
        @Min(1)
        @Max(1000)
        Integer trainableBlocks,

        @Schema(
                description =
                        "fine-tuning only: epochs over the images after the heads are trained on frozen features; default 3")
        @Min(1)
        @Max(100)
        Integer fineTuneEpochs,

        @Schema(description = "fine-tuning only: images per step; default 16") @Min(1) @Max(512)
        Integer fineTuneBatchSize,

        @Schema(
                description =
                        "fine-tuning only: Adam step sizes of the heads and of the backbone; default 1e-4 and 1e-5")
        @Valid
        LearningRates learningRates,

        @Schema(
                description = "fine-tuning only (frozen runs train on cached, unaugmented features); "
                        + "default when fine-tuning: flip, minCropScale 0.8, colourJitter 0.2")
        @Valid
        AugmentationRequest augmentation,

        @Min(0) @Max(100) Integer earlyStoppingPatience,

        @Schema(
                description = "weight each example's loss by its class's inverse training frequency: more recall on"
                        + " rare classes, less accuracy on a catalogue as skewed as its training data; default false")
        Boolean classWeights,

        @Schema(
                description = "units of a hidden ReLU layer in every head; 0 for linear heads; default "
                        + HeadTrainingConfig.DEFAULT_HIDDEN_UNITS)
        @Min(0)
        @Max(HeadTrainingConfig.MAX_HIDDEN_UNITS)
        Integer hiddenUnits,

        @Min(0) @Max(1000) Integer maxClassesPerHead,
        @Min(1) @Max(100000) Integer minClassCount,
        Long seed,

        @Schema(
                description = "also train a text encoder for GET /api/v1/search (captions from each item's labels,"
                        + " contrastive against the backbone's features; adds about a minute on the shared"
                        + " catalogue); default false")
        Boolean textSearch,

        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
        String modelName) {

    /** Fine-tuning step sizes; {@code learningRate} stays the step size of the frozen-feature head training. */
    public record LearningRates(
            @DecimalMin("1e-8") @DecimalMax("1.0") Float heads,
            @DecimalMin("1e-8") @DecimalMax("1.0") Float backbone) {}

    /** Training-time augmentation; omitted fields are off. */
    public record AugmentationRequest(
            @Schema(description = "mirror left-right with probability 1/2")
            Boolean horizontalFlip,

            @Schema(description = "random crop covering this much of the area or more, resized back; 1 = off")
            @DecimalMin(value = "0.1")
            @DecimalMax("1.0")
            Float minCropScale,

            @Schema(description = "brightness, contrast and saturation factors drawn from [1 - j, 1 + j]; 0 = off")
            @DecimalMin("0.0")
            @DecimalMax("0.9")
            Float colourJitter) {}
}
