package io.stylesync.common.storage;

import io.stylesync.common.error.ProblemException;

/** A bucket name or object key that is malformed or tries to escape its prefix. */
public final class InvalidLocationException extends ProblemException {

    public InvalidLocationException(String detail) {
        super(400, "invalid-location", "Invalid S3 location", detail);
    }
}
