package io.stylesync.inference.batching;

/**
 * One image's backbone output and what the batch cost it.
 *
 * @param queueNanos    time between enqueueing and the start of its forward pass
 * @param forwardNanos  duration of the forward pass it shared
 * @param batchSize     how many images shared that pass
 */
public record Embedding(float[] vector, long queueNanos, long forwardNanos, int batchSize) {}
