package io.stylesync.inference.predict;

import io.stylesync.common.features.ImageFeatures;
import io.stylesync.common.image.DecodedImage;
import io.stylesync.inference.batching.Embedding;
import io.stylesync.inference.model.ServingModel;

/** An upload decoded, measured and run through a model's backbone; timings in nanoseconds. */
public record EmbeddedImage(
        DecodedImage decoded,
        long encodedBytes,
        ImageFeatures features,
        ServingModel model,
        Embedding embedding,
        long decodeNanos,
        long preprocessNanos) {}
