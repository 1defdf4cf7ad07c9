package io.stylesync.common.storage;

import io.stylesync.common.error.ProblemException;

/** The object store could not be reached or failed after the client's retries. */
public final class StorageUnavailableException extends ProblemException {

    public StorageUnavailableException(String detail, Throwable cause) {
        super(503, "storage-unavailable", "Object storage unavailable", detail, cause);
    }
}
