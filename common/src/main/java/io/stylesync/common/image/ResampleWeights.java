package io.stylesync.common.image;

/**
 * Fixed-point triangle-filter weights for one axis, computed exactly as Pillow's {@code precompute_coeffs}
 * and {@code normalize_coeffs_8bpc} (Resample.c) do for BILINEAR, so results match Pillow bit for bit.
 * When shrinking, the filter support widens with the scale factor, which is what antialiases.
 *
 * <p>Output pixel {@code i} reads {@code count[i]} input pixels starting at {@code first[i]}, with weights
 * {@code weights[i * taps ...]} in units of 2^-22.
 */
final class ResampleWeights {

    static final int PRECISION_BITS = 32 - 8 - 2;
    static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    final int[] first;
    final int[] count;
    final int[] weights;
    final int taps;

    private ResampleWeights(int[] first, int[] count, int[] weights, int taps) {
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.taps = taps;
    }

    /** Weights that map the input range [in0, in1) of an axis of {@code inSize} pixels onto {@code outSize}. */
    static ResampleWeights bilinear(int inSize, float in0, float in1, int outSize) {
        double scale = (double) (in1 - in0) / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 1.0 * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * taps];
        double[] k = new double[taps];
        double inverseFilterScale = 1.0 / filterScale;
        for (int out = 0; out < outSize; out++) {
            double center = in0 + (out + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double sum = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * inverseFilterScale);
                k[x] = w;
                sum += w;
            }
            for (int x = 0; x < xmax; x++) {
                double normalised = sum != 0.0 ? k[x] / sum : k[x];
                weights[out * taps + x] = normalised < 0
                        ? (int) (-0.5 + normalised * (1 << PRECISION_BITS))
                        : (int) (0.5 + normalised * (1 << PRECISION_BITS));
            }
            first[out] = xmin;
            count[out] = Math.max(xmax, 0);
        }
        return new ResampleWeights(first, count, weights, taps);
    }

    private static double triangle(double x) {
        if (x < 0.0) {
            x = -x;
        }
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /** Pillow's clip8: drop the fraction bits and clamp to 0..255. */
    static byte clip8(int accumulated) {
        if (accumulated >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (accumulated <= 0) {
            return 0;
        }
        return (byte) (accumulated >> PRECISION_BITS);
    }
}
