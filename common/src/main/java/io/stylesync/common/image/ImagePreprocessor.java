package io.stylesync.common.image;

import java.util.Objects;

/**
 * Encoded bytes to a model input tensor: {@link ImageDecoder#decode}, {@link ImageResizer#resize} to the
 * configured size and policy, then a float CHW (3 x H x W) tensor normalised per channel. Thread-safe.
 */
public final class ImagePreprocessor {

    private final PreprocessConfig config;
    private final ImageDecoder decoder;
    /** normalised[c * 256 + v] = (v - mean[c]) / std[c], computed once in float exactly as the formula. */
    private final float[] normalised = new float[3 * 256];

    public ImagePreprocessor(PreprocessConfig config, ImageDecoder decoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                normalised[c * 256 + v] = (v - config.mean(c)) / config.std(c);
            }
        }
    }

    public PreprocessConfig config() {
        return config;
    }

    public RgbImage resize(RgbImage decoded) {
        return ImageResizer.resize(decoded, config.width(), config.height(), config.resize());
    }

    public float[] toTensor(RgbImage resized) {
        float[] tensor = new float[config.tensorLength()];
        toTensor(resized, tensor, 0);
        return tensor;
    }

    /** Writes one CHW tensor into {@code dst} at {@code offset}, e.g. slot i of a batch at i * tensorLength. */
    public void toTensor(RgbImage resized, float[] dst, int offset) {
        Objects.requireNonNull(resized, "resized");
        Objects.requireNonNull(dst, "dst");
        if (resized.width() != config.width() || resized.height() != config.height()) {
            throw new IllegalArgumentException("expected a " + config.width() + "x" + config.height()
                    + " image but got " + resized.width() + "x" + resized.height() + "; resize it first");
        }
        int plane = config.width() * config.height();
        if (offset < 0 || offset > dst.length - 3 * plane) {
            throw new IndexOutOfBoundsException(
                    "a tensor of " + 3 * plane + " floats does not fit at offset " + offset + " of " + dst.length);
        }
        byte[] rgb = resized.rgb();
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            dst[offset + i] = normalised[rgb[p] & 0xFF];
            dst[offset + plane + i] = normalised[256 + (rgb[p + 1] & 0xFF)];
            dst[offset + 2 * plane + i] = normalised[512 + (rgb[p + 2] & 0xFF)];
        }
    }

    public float[] preprocess(byte[] encoded) throws InvalidImageException {
        return toTensor(resize(decoder.decode(encoded)));
    }
}
