package io.stylesync.common.storage;

import io.stylesync.common.error.ProblemException;

/** An object larger than the caller is willing to hold in memory. */
public final class ObjectTooLargeException extends ProblemException {

    public ObjectTooLargeException(S3Location location, long size, long limit) {
        super(413, "object-too-large", "Object too large", location + " is " + size + " bytes; the limit is " + limit);
    }
}
