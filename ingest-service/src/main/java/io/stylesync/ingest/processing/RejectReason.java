package io.stylesync.ingest.processing;

import com.fasterxml.jackson.annotation.JsonValue;
import io.stylesync.common.image.InvalidImageException;
import java.util.Locale;

/** Why an image was left out of a dataset version. */
public enum RejectReason {
    EMPTY,
    TOO_LARGE_BYTES,
    TOO_MANY_PIXELS,
    NOT_AN_IMAGE,
    UNSUPPORTED_FORMAT,
    TRUNCATED,
    CORRUPT,
    DUPLICATE_CONTENT,
    DUPLICATE_IMAGE_ID;

    public static RejectReason of(InvalidImageException.Reason reason) {
        return valueOf(reason.name());
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
