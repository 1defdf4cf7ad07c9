package io.stylesync.training.embedding;

/** Progress of a {@link EmbeddingExtractor} run, reported after each batch. */
public interface ProgressListener {

    ProgressListener NONE = images -> {};

    /** @param images images extracted so far in this run (cumulative) */
    void done(int images);

    /** All {@code images} came from the feature cache: nothing went through the backbone. */
    default void cached(int images) {
        done(images);
    }

    /** Polled before each batch; {@code true} stops the run with a {@link java.util.concurrent.CancellationException}. */
    default boolean cancelled() {
        return false;
    }
}
