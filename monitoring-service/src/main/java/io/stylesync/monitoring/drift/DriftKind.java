package io.stylesync.monitoring.drift;

import java.util.Locale;

/** What a drift column describes; the {@code kind} label of the drift metrics. */
public enum DriftKind {
    /** An {@code ImageFeature} of the uploaded image. */
    IMAGE,
    /** An {@code EmbeddingSummary} value of the backbone output. */
    EMBEDDING,
    /** The top-1 label of a head (prediction drift). */
    PREDICTION,
    /** The top-1 probability of a head (confidence drift). */
    CONFIDENCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Kinds whose columns are the model's input data and so count towards dataset drift. */
    public boolean isInput() {
        return this == IMAGE || this == EMBEDDING;
    }
}
