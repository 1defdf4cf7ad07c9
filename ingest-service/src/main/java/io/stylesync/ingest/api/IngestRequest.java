package io.stylesync.ingest.api;

import io.stylesync.common.dataset.SplitRatios;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.ingest.source.SourceLayout;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v1/datasets}: what to ingest and how. Only {@code source} and {@code layout} are required. */
public record IngestRequest(
        @Schema(example = "s3://raw/fashion-products", description = "s3://bucket/prefix of the raw data")
        @NotNull
        @Pattern(regexp = "s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?", message = "must be an s3://bucket/prefix URI")
        @Size(max = 1100)
        String source,

        @Schema(
                example = "kaggle-styles",
                allowableValues = {"kaggle-styles", "image-folder"})
        @NotNull
        SourceLayout layout,

        @Schema(example = "fashion-products", description = "dataset name; defaults to the last segment of the prefix")
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be 1-63 lower-case letters, digits or '-'")
        String dataset,

        @Schema(
                example = "[\"articleType\", \"masterCategory\"]",
                description =
                        "label columns; kaggle-styles defaults to articleType and masterCategory, image-folder to label")
        @Size(min = 1, max = 16)
        List<@NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}", message = "must be a column name") String>
                targetAttributes,

        @Schema(
                description =
                        "attribute whose classes the split keeps in proportion; defaults to the first target attribute")
        String stratifyBy,

        @Valid SplitRatios split,

        @Schema(example = "42") Long seed,

        @Schema(example = "224") @Min(16) @Max(1024) Integer imageSize,

        @Schema(example = "PAD", description = "STRETCH, CENTER_CROP or PAD (fit inside, white padding)")
        ResizePolicy resize,

        @Schema(example = "10", description = "classes with fewer accepted images are reported") @Min(1) @Max(1_000_000)
        Integer minClassCount) {}
