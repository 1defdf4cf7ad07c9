package io.stylesync.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * An 8-bit RGB image: interleaved R, G, B bytes, row-major, no padding. The one pixel representation
 * that decode, resize, tensor conversion and feature extraction share.
 *
 * <p>{@link #rgb()} exposes the backing array without copying, for speed; callers must not modify it.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] rgb;

    public RgbImage(int width, int height, byte[] rgb) {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if ((long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " RGB bytes for " + width + "x"
                    + height + " but got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** Converts any BufferedImage to 8-bit RGB; transparent pixels are composited over white. */
    public static RgbImage from(BufferedImage any) {
        return RgbConversion.toRgb(any);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array, {@code width * height * 3} bytes; do not modify. */
    public byte[] rgb() {
        return rgb;
    }

    /** A new TYPE_3BYTE_BGR image with these pixels. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
