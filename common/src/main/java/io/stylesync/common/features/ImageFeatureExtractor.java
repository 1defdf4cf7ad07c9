package io.stylesync.common.features;

import io.stylesync.common.image.RgbImage;
import java.util.Objects;

/**
 * Computes {@link ImageFeatures} from a decoded, upright image (before any resize) and its encoded size.
 * Ingest runs it on every training image and inference on every request, so both sides use this code.
 *
 * <ul>
 *   <li>brightness: mean luma Y = 0.299 R + 0.587 G + 0.114 B (Rec.601), 0..255</li>
 *   <li>contrast: population standard deviation of Y (RMS contrast)</li>
 *   <li>saturation: mean HSV saturation (max - min) / max, 0 for black; 0..1</li>
 *   <li>colourfulness: Hasler and Suesstrunk (2003)
 *       M = sqrt(sd(rg)^2 + sd(yb)^2) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2) with rg = R - G, yb = (R + G) / 2 - B</li>
 *   <li>dominant hue: centre in degrees (5, 15, ... 355) of the most populated of 36 ten-degree HSV hue bins,
 *       counting only pixels with saturation &ge; 0.2 and value &ge; 0.2; the lowest bin wins ties;
 *       -1 when no pixel qualifies</li>
 *   <li>aspect ratio: width / height</li>
 *   <li>file size: encoded bytes / 1024</li>
 * </ul>
 *
 * <p>Images above 65,536 pixels are sampled on a fixed grid (every s-th column of every s-th row, with
 * s = ceil(sqrt(pixels / 65,536))), so the result is deterministic and the cost bounded.
 */
public final class ImageFeatureExtractor {

    static final int MAX_SAMPLES = 65_536;
    private static final int HUE_BINS = 36;

    private ImageFeatureExtractor() {}

    public static ImageFeatures extract(RgbImage decodedOriginal, long encodedBytes) {
        Objects.requireNonNull(decodedOriginal, "decodedOriginal");
        if (encodedBytes < 0) {
            throw new IllegalArgumentException("encoded size cannot be negative: " + encodedBytes);
        }
        int width = decodedOriginal.width();
        int height = decodedOriginal.height();
        int stride = stride((long) width * height);
        byte[] rgb = decodedOriginal.rgb();

        // Integer sums keep uniform images exact: their contrast and colourfulness come out as exactly 0.
        long n = 0;
        long lumaSum = 0; // luma * 1000
        double lumaSquares = 0; // (luma * 1000)^2 summed can exceed a long
        double saturationSum = 0;
        long rgSum = 0;
        long rgSquares = 0;
        long ybSum = 0; // yb * 2 = R + G - 2B
        long ybSquares = 0;
        int[] hueCounts = new int[HUE_BINS];
        for (int y = 0; y < height; y += stride) {
            for (int x = 0, p = y * width * 3; x < width; x += stride, p += 3 * stride) {
                int r = rgb[p] & 0xFF;
                int g = rgb[p + 1] & 0xFF;
                int b = rgb[p + 2] & 0xFF;
                long luma = 299L * r + 587L * g + 114L * b;
                lumaSum += luma;
                lumaSquares += (double) (luma * luma);
                int max = Math.max(r, Math.max(g, b));
                int min = Math.min(r, Math.min(g, b));
                if (max > 0) {
                    saturationSum += (double) (max - min) / max;
                }
                int rg = r - g;
                int yb = r + g - 2 * b;
                rgSum += rg;
                rgSquares += (long) rg * rg;
                ybSum += yb;
                ybSquares += (long) yb * yb;
                // saturation >= 0.2 and value >= 0.2, in integers
                if (max * 5 >= 255 && (max - min) * 5 >= max && max > min) {
                    hueCounts[hueBin(r, g, b, max, min)]++;
                }
                n++;
            }
        }
        double lumaMean = (double) lumaSum / n;
        double rgMean = (double) rgSum / n;
        double ybMean = (double) ybSum / n / 2;
        double rgVariance = variance((double) rgSquares / n, rgMean);
        double ybVariance = variance((double) ybSquares / n / 4, ybMean);
        return new ImageFeatures(
                lumaMean / 1000,
                Math.sqrt(variance(lumaSquares / n, lumaMean)) / 1000,
                saturationSum / n,
                Math.sqrt(rgVariance + ybVariance) + 0.3 * Math.sqrt(rgMean * rgMean + ybMean * ybMean),
                dominantHue(hueCounts),
                (double) width / height,
                encodedBytes / 1024.0);
    }

    static int stride(long pixels) {
        return pixels <= MAX_SAMPLES ? 1 : (int) Math.ceil(Math.sqrt((double) pixels / MAX_SAMPLES));
    }

    private static double variance(double meanOfSquares, double mean) {
        return Math.max(0, meanOfSquares - mean * mean);
    }

    /** HSV hue in degrees [0, 360) to one of 36 bins; requires max > min. */
    private static int hueBin(int r, int g, int b, int max, int min) {
        double delta = max - min;
        double hue;
        if (max == r) {
            hue = 60 * ((g - b) / delta);
            if (hue < 0) {
                hue += 360;
            }
        } else if (max == g) {
            hue = 60 * ((b - r) / delta + 2);
        } else {
            hue = 60 * ((r - g) / delta + 4);
        }
        return Math.min(HUE_BINS - 1, (int) (hue / 10));
    }

    private static double dominantHue(int[] counts) {
        int best = -1;
        for (int bin = 0; bin < counts.length; bin++) {
            if (counts[bin] > 0 && (best < 0 || counts[bin] > counts[best])) {
                best = bin;
            }
        }
        return best < 0 ? -1 : best * 10 + 5;
    }
}
