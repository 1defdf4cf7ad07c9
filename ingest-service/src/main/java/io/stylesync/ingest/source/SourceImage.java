package io.stylesync.ingest.source;

import io.stylesync.common.storage.StoredObject;

/** A raw image object and the sample id derived from its key. */
public record SourceImage(String id, StoredObject object) {

    public String key() {
        return object.key();
    }
}
