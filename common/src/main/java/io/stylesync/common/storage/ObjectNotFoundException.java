package io.stylesync.common.storage;

import io.stylesync.common.error.ProblemException;

/** A bucket or object that does not exist. */
public final class ObjectNotFoundException extends ProblemException {

    public ObjectNotFoundException(String detail) {
        super(404, "not-found", "Not found", detail);
    }
}
