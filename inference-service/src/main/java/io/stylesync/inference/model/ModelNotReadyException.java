package io.stylesync.inference.model;

import io.stylesync.common.error.ProblemException;

/** No model is loaded yet (readiness is DOWN): 503 with Retry-After. */
public final class ModelNotReadyException extends ProblemException {

    public ModelNotReadyException(String detail) {
        super(503, "model-not-ready", "Model not ready", detail);
        with("retryAfterSeconds", 5);
    }
}
