package io.stylesync.inference.batching;

import io.stylesync.common.error.ProblemException;

/** The batching queue is full: the service is saturated; 503 with Retry-After. */
public final class QueueFullException extends ProblemException {

    public QueueFullException(int capacity) {
        super(
                503,
                "overloaded",
                "Service overloaded",
                "the inference queue is full (" + capacity + " images waiting); retry shortly");
        with("retryAfterSeconds", 1);
    }
}
