package io.stylesync.common.model;

import io.stylesync.common.error.ProblemException;

/** A model artifact that is incomplete, corrupt or inconsistent: refused at load. */
public final class InvalidModelBundleException extends ProblemException {

    public InvalidModelBundleException(String detail) {
        super(422, "invalid-model-bundle", "Invalid model bundle", detail);
    }
}
