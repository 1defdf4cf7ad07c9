package io.stylesync.common.image;

import java.util.Objects;

/** The bytes cannot be turned into an {@link RgbImage}; {@link #reason()} says why in a machine-readable way. */
public final class InvalidImageException extends Exception {

    public enum Reason {
        EMPTY, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TRUNCATED, CORRUPT, TOO_LARGE_BYTES, TOO_MANY_PIXELS
    }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        this(reason, message, null);
    }

    public InvalidImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
