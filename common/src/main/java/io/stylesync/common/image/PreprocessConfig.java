package io.stylesync.common.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * Model input geometry and normalisation: each channel value becomes {@code (v - mean[c]) / std[c]}
 * with {@code v} in 0..255 and channels in R, G, B order. The arrays are copied in and out.
 */
public record PreprocessConfig(int width, int height, ResizePolicy resize, float[] mean, float[] std) {

    /**
     * Version of the pixel pipeline behind a config (decode, orientation, alpha handling, resampling). Bump it
     * whenever any of those changes the produced pixels, so content hashes built on {@link #fingerprint()} change.
     */
    public static final int PIPELINE_VERSION = 1;

    public static final int MAX_SIZE = 4096;

    /** The side images are processed and served at unless a request says otherwise (ingest and training). */
    public static final int DEFAULT_SIZE = 224;

    public PreprocessConfig {
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (width < 1 || width > MAX_SIZE || height < 1 || height > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + " per side: " + width + "x" + height);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel: " + Arrays.toString(mean)
                    + ", " + Arrays.toString(std));
        }
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("mean must be finite: " + Arrays.toString(mean));
            }
            if (!(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("std must be positive and finite: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** {@code x / 127.5 - 1}, centre crop: what the shared MobileNetV2 TorchScript expects. */
    public static PreprocessConfig mobileNetV2(int size) {
        return new PreprocessConfig(
                size, size, ResizePolicy.CENTER_CROP, new float[] {127.5f, 127.5f, 127.5f}, new float[] {
                    127.5f, 127.5f, 127.5f
                });
    }

    /** torchvision's ImageNet statistics (mean 0.485/0.456/0.406, std 0.229/0.224/0.225) scaled to 0..255. */
    public static PreprocessConfig imagenet(int size) {
        return new PreprocessConfig(
                size,
                size,
                ResizePolicy.CENTER_CROP,
                new float[] {(float) (0.485 * 255), (float) (0.456 * 255), (float) (0.406 * 255)},
                new float[] {(float) (0.229 * 255), (float) (0.224 * 255), (float) (0.225 * 255)});
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    float mean(int channel) {
        return mean[channel];
    }

    float std(int channel) {
        return std[channel];
    }

    /** Number of floats in one CHW tensor. */
    public int tensorLength() {
        return 3 * width * height;
    }

    /**
     * A stable text naming everything that determines the tensor for a given input, for cache keys and
     * dataset content hashes. Floats are written with {@link Float#toString}, which is exactly specified.
     */
    public String fingerprint() {
        return "preprocess/v" + PIPELINE_VERSION
                + ";size=" + width + "x" + height
                + ";resize=" + resize.name().toLowerCase(java.util.Locale.ROOT)
                + ";resample=bilinear-pillow"
                + ";mean=" + join(mean)
                + ";std=" + join(std)
                + ";layout=chw-rgb-float32";
    }

    private static String join(float[] values) {
        return values[0] + "," + values[1] + "," + values[2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessConfig other
                && width == other.width
                && height == other.height
                && resize == other.resize
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, resize, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "PreprocessConfig[" + width + "x" + height + ", " + resize + ", mean=" + Arrays.toString(mean) + ", std="
                + Arrays.toString(std) + "]";
    }
}
