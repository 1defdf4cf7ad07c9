package io.stylesync.common.image;

import io.stylesync.common.error.ProblemException;
import java.util.Objects;

/** The bytes cannot be turned into an {@link RgbImage}; {@link #reason()} says why in a machine-readable way. */
public final class InvalidImageException extends Exception {

    public enum Reason {
        EMPTY,
        NOT_AN_IMAGE,
        UNSUPPORTED_FORMAT,
        TRUNCATED,
        CORRUPT,
        TOO_LARGE_BYTES,
        TOO_MANY_PIXELS
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

    /**
     * The HTTP answer to an upload that failed to decode: 415 for bytes that are no image or a format
     * StyleSync does not read, 413 for too many bytes, 422 for an image that is empty, truncated, corrupt
     * or has too many pixels.
     *
     * @param what names the upload in the detail, e.g. {@code "part 'image' (shoe.jpg)"}
     */
    public ProblemException toProblem(String what) {
        String slug = reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return switch (reason) {
            case NOT_AN_IMAGE, UNSUPPORTED_FORMAT ->
                new ProblemException(415, slug, "Unsupported media type", what + ": " + getMessage(), this);
            case TOO_LARGE_BYTES ->
                new ProblemException(413, slug, "Image too large", what + ": " + getMessage(), this);
            default -> new ProblemException(422, slug, "Unreadable image", what + ": " + getMessage(), this);
        };
    }
}
