package io.stylesync.training.promotion;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /api/v1/models/{name}/promote}. */
public record PromotionRequest(
        @Schema(example = "3") @NotNull @Pattern(regexp = "[1-9][0-9]{0,8}", message = "must be a model version number")
        String version,

        @Schema(
                example = "articleType.accuracy",
                description = "test metric compared (higher is better, except *.ece); "
                        + "default: accuracy of the model's first head")
        @Pattern(regexp = "[A-Za-z0-9_.]{1,128}")
        String metric,

        @Schema(description = "move the alias even if the candidate does not beat the champion")
        Boolean force) {}
