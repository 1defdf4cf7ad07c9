package io.stylesync.common.image;

/** What the header says about an encoded image; no pixel has been decoded to produce it. */
public record ImageProbe(ImageFormat format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
