package io.stylesync.common.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * Deterministic pure-Java resampling, identical to Pillow's {@code Image.resize(size, BILINEAR)} (with
 * {@code reducing_gap=None}): separable two-pass convolution with a triangle filter that widens when
 * shrinking, horizontal pass first, 8-bit rounding between the passes. No Java2D, so results do not
 * depend on the JDK or the platform.
 */
public final class ImageResizer {

    private static final byte WHITE = (byte) 255;

    private ImageResizer() {}

    public static RgbImage resize(RgbImage src, int width, int height, ResizePolicy policy) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(policy, "policy");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        }
        return switch (policy) {
            case STRETCH -> resample(src, width, height, 0, 0, src.width(), src.height());
            case CENTER_CROP -> centerCrop(src, width, height);
            case PAD -> pad(src, width, height);
        };
    }

    /** Pillow's ImageOps.fit: resample straight from the largest centred box of the target's aspect ratio. */
    private static RgbImage centerCrop(RgbImage src, int width, int height) {
        double srcRatio = (double) src.width() / src.height();
        double targetRatio = (double) width / height;
        double boxWidth = src.width();
        double boxHeight = src.height();
        if (srcRatio > targetRatio) {
            boxWidth = targetRatio * src.height();
        } else if (srcRatio < targetRatio) {
            boxHeight = src.width() / targetRatio;
        }
        double left = (src.width() - boxWidth) * 0.5;
        double top = (src.height() - boxHeight) * 0.5;
        return resample(src, width, height, left, top, left + boxWidth, top + boxHeight);
    }

    /** Pillow's ImageOps.pad: fit inside keeping the aspect ratio (ImageOps.contain), centre on white. */
    private static RgbImage pad(RgbImage src, int width, int height) {
        double srcRatio = (double) src.width() / src.height();
        double targetRatio = (double) width / height;
        int innerWidth = width;
        int innerHeight = height;
        if (srcRatio > targetRatio) {
            innerHeight = Math.max(1, (int) Math.rint((double) src.height() / src.width() * width));
        } else if (srcRatio < targetRatio) {
            innerWidth = Math.max(1, (int) Math.rint((double) src.width() / src.height() * height));
        }
        RgbImage inner = resample(src, innerWidth, innerHeight, 0, 0, src.width(), src.height());
        if (innerWidth == width && innerHeight == height) {
            return inner;
        }
        byte[] out = new byte[width * height * 3];
        Arrays.fill(out, WHITE);
        // Python's round() rounds halves to even, as Math.rint does.
        int left = (int) Math.rint((width - innerWidth) * 0.5);
        int top = (int) Math.rint((height - innerHeight) * 0.5);
        int rowBytes = innerWidth * 3;
        for (int y = 0; y < innerHeight; y++) {
            System.arraycopy(inner.rgb(), y * rowBytes, out, ((top + y) * width + left) * 3, rowBytes);
        }
        return new RgbImage(width, height, out);
    }

    /**
     * Pillow's {@code _resize} + {@code ImagingResampleInner} for an RGB image and a source box
     * [x0,x1) x [y0,y1). Pillow holds the box in 32-bit floats, so it is rounded to float here too.
     */
    static RgbImage resample(
            RgbImage src, int width, int height, double left, double top, double right, double bottom) {
        float x0 = (float) left;
        float y0 = (float) top;
        float x1 = Math.min((float) right, src.width());
        float y1 = Math.min((float) bottom, src.height());
        if (x0 == (int) x0 && x1 - x0 == width && y0 == (int) y0 && y1 - y0 == height) {
            return crop(src, (int) x0, (int) y0, width, height);
        }
        // Pillow's own conditions, including comparing the box's right edge with the output width.
        boolean horizontal = width != src.width() || x0 != 0 || x1 != width;
        boolean vertical = height != src.height() || y0 != 0 || y1 != height;
        ResampleWeights columns = ResampleWeights.bilinear(src.width(), x0, x1, width);
        ResampleWeights rows = ResampleWeights.bilinear(src.height(), y0, y1, height);
        // Pillow runs the vertical pass first when the height shrinks more than twice as much as the width.
        int heightLoss = src.height() - height;
        boolean horizontalFirst = !(heightLoss > 0 && heightLoss > (src.width() - width) * 2);
        byte[] pixels = src.rgb();
        int pixelsWidth = src.width();
        if (horizontalFirst) {
            int rowOffset = 0;
            if (horizontal) {
                rowOffset = rows.first[0];
                int lastRow = rows.first[height - 1] + rows.count[height - 1];
                pixels = horizontal(pixels, pixelsWidth, columns, width, rowOffset, lastRow);
                pixelsWidth = width;
            }
            if (vertical) {
                pixels = vertical(pixels, pixelsWidth, rows, height, rowOffset);
            }
        } else {
            if (vertical) {
                pixels = vertical(pixels, pixelsWidth, rows, height, 0);
            }
            if (horizontal) {
                pixels = horizontal(pixels, pixelsWidth, columns, width, 0, height);
            }
        }
        return new RgbImage(width, height, pixels == src.rgb() ? pixels.clone() : pixels);
    }

    private static RgbImage crop(RgbImage src, int left, int top, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(src.rgb(), ((top + y) * src.width() + left) * 3, out, y * width * 3, width * 3);
        }
        return new RgbImage(width, height, out);
    }

    /** Resamples rows {@code firstRow..lastRow-1} of an {@code inWidth}-wide image to {@code width}. */
    private static byte[] horizontal(
            byte[] in, int inWidth, ResampleWeights columns, int width, int firstRow, int lastRow) {
        int inRowBytes = inWidth * 3;
        byte[] out = new byte[(lastRow - firstRow) * width * 3];
        int[] weights = columns.weights;
        int o = 0;
        for (int y = firstRow; y < lastRow; y++) {
            int rowStart = y * inRowBytes;
            for (int x = 0; x < width; x++) {
                int r = ResampleWeights.ROUNDING;
                int g = ResampleWeights.ROUNDING;
                int b = ResampleWeights.ROUNDING;
                int p = rowStart + columns.first[x] * 3;
                int k = x * columns.taps;
                for (int t = 0, n = columns.count[x]; t < n; t++, p += 3) {
                    int w = weights[k + t];
                    r += (in[p] & 0xFF) * w;
                    g += (in[p + 1] & 0xFF) * w;
                    b += (in[p + 2] & 0xFF) * w;
                }
                out[o++] = ResampleWeights.clip8(r);
                out[o++] = ResampleWeights.clip8(g);
                out[o++] = ResampleWeights.clip8(b);
            }
        }
        return out;
    }

    /** {@code in} holds rows starting at source row {@code rowOffset}. */
    private static byte[] vertical(byte[] in, int width, ResampleWeights rows, int height, int rowOffset) {
        int rowBytes = width * 3;
        byte[] out = new byte[height * rowBytes];
        int[] weights = rows.weights;
        int[] acc = new int[rowBytes];
        for (int y = 0; y < height; y++) {
            Arrays.fill(acc, ResampleWeights.ROUNDING);
            int k = y * rows.taps;
            int start = (rows.first[y] - rowOffset) * rowBytes;
            for (int t = 0, n = rows.count[y]; t < n; t++) {
                int w = weights[k + t];
                int p = start + t * rowBytes;
                for (int i = 0; i < rowBytes; i++) {
                    acc[i] += (in[p + i] & 0xFF) * w;
                }
            }
            int o = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                out[o + i] = ResampleWeights.clip8(acc[i]);
            }
        }
        return out;
    }
}
