package io.stylesync.training.loop;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;

/**
 * The training examples of one run as DJL {@link Batch}es: cached backbone features for the heads, decoded and
 * augmented images for fine-tuning. {@link EpochDriver} decides the order and the batch boundaries.
 */
public interface BatchSource {

    /** Indices of the examples that can be trained on (those with a target for at least one head). */
    int[] examples();

    /** Most examples in one batch. */
    int batchSize();

    /**
     * The batch of examples {@code order[from .. from + n)}: inputs, and one target matrix per head
     * ({@link HeadTargets#labels}). Its arrays live in {@code manager}, which the batch owns: closing the batch
     * frees them.
     *
     * @param epoch 1-based, for augmentation draws that differ per epoch
     */
    Batch batch(NDManager manager, int[] order, int from, int n, int epoch);
}
