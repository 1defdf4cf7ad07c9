package io.stylesync.common.storage;

import java.time.Instant;

/** What a listing or HEAD says about one object. The ETag is unquoted. */
public record StoredObject(S3Location location, long size, String etag, Instant lastModified) {

    public String key() {
        return location.key();
    }
}
