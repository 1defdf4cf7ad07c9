package io.stylesync.common.image;

/** Encoded formats {@link ImageDecoder} accepts, detected from magic bytes (never from a file name). */
public enum ImageFormat {
    JPEG,
    PNG,
    BMP,
    WEBP,
    GIF;

    /** The ImageIO format name used to look up readers and writers. */
    String imageIoName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
