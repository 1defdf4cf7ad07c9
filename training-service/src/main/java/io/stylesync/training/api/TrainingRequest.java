package io.stylesync.training.api;

import io.swagger.v3.oas.annotations.media.Schema;
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
        @Schema(example = "v0123456789abcdef") @NotNull @Pattern(regexp = "v[0-9a-f]{16}", message = "must look like v0123456789abcdef")
        String datasetVersion,
        @Schema(example = "[\"articleType\", \"masterCategory\"]", description = "one head each; default: the dataset's target attributes")
        @Size(min = 1, max = 16) List<@NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}") String> targetAttributes,
        @Schema(description = "TorchScript backbone: a file path or s3:// URI; default stylesync.training.default-backbone")
        @Size(max = 1100) String backbone,
        @Schema(allowableValues = {"mobilenet", "imagenet"}) @Pattern(regexp = "mobilenet|imagenet") String normalization,
        @Min(32) @Max(512) Integer imageSize,
        @Min(1) @Max(500) Integer epochs,
        @Min(1) @Max(4096) Integer batchSize,
        @DecimalMin("1e-6") @DecimalMax("1.0") Float learningRate,
        @DecimalMin("0.0") @DecimalMax("1.0") Float weightDecay,
        @Schema(description = "frozen (heads on cached features). last-n and full fine-tuning are not implemented yet")
        @Pattern(regexp = "frozen|last-n|full") String freeze,
        @Min(0) @Max(100) Integer earlyStoppingPatience,
        Boolean classWeights,
        @Min(0) @Max(1000) Integer maxClassesPerHead,
        @Min(1) @Max(100000) Integer minClassCount,
        Long seed,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}") String modelName) {
}
