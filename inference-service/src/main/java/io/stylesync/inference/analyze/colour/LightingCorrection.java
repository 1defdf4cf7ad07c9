package io.stylesync.inference.analyze.colour;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.face.FaceBox;
import java.util.List;

/**
 * Colour constancy and exposure normalisation before skin is measured. The illuminant is estimated in linear sRGB
 * from the pixels outside the detected faces (skin would pull the estimate towards orange and make it depend on the
 * person), clipped and black pixels left out. A von Kries diagonal correction maps it to a grey of the method's
 * {@link #target} luminance: that removes the cast (the estimate becomes neutral, D65 being sRGB's white) and
 * normalises the exposure on the scene rather than the skin (the estimate's luminance lands on the same level
 * whatever the camera's exposure). The gains are capped so that a nearly black scene is not blown up into noise.
 */
public final class LightingCorrection {

    /** How the illuminant is estimated from the non-face pixels. */
    public enum Method {
        /** No correction: the image as uploaded. */
        NONE,
        /** Mean of each channel (Buchsbaum 1980). */
        GREY_WORLD,
        /** Minkowski p-norm of each channel, p = 6 (Finlayson &amp; Trezzi 2004). */
        SHADES_OF_GREY,
        /** Minkowski p-norm (p = 6) of each channel's local differences (van de Weijer et al. 2007). */
        GREY_EDGE
    }

    /**
     * The linear luminance each method's estimate is brought to: the median estimate over the neutral photos of
     * {@code ../shared/datasets/faces} (docs/analyze.md), so that a typical photo keeps its exposure.
     */
    static double target(Method method) {
        return switch (method) {
            case NONE -> 1;
            case GREY_WORLD -> 0.16;
            case SHADES_OF_GREY -> 0.46;
            case GREY_EDGE -> 0.26;
        };
    }

    static final double P = 6;
    static final double MAX_GAIN = 8;
    static final double MIN_GAIN = 1 / MAX_GAIN;
    private static final int MAX_SAMPLES = 200_000;

    /**
     * The illuminant estimate (linear RGB, as the method measures it), the gain applied to each channel, and the
     * corrected image.
     *
     * @param cast      how coloured the estimated light is: max/min of its channels, 1 for a grey light
     * @param exposure  the geometric mean of the gains: above 1 the photo was brightened, below darkened
     */
    public record Result(RgbImage image, double[] illuminant, double[] gains, double cast, double exposure) {}

    private final Method method;

    public LightingCorrection(Method method) {
        this.method = method;
    }

    public Method method() {
        return method;
    }

    public Result correct(RgbImage image, List<FaceBox> faces) {
        if (method == Method.NONE) {
            return new Result(image, new double[] {1, 1, 1}, new double[] {1, 1, 1}, 1, 1);
        }
        double[] e = estimate(image, faces);
        if (e == null) {
            return new Result(image, new double[] {1, 1, 1}, new double[] {1, 1, 1}, 1, 1);
        }
        double y = luminance(e);
        double exposureGain = target(method) / y;
        double[] gains = new double[3];
        for (int c = 0; c < 3; c++) {
            gains[c] = Math.max(MIN_GAIN, Math.min(MAX_GAIN, exposureGain * y / e[c]));
        }
        double cast = Math.max(e[0], Math.max(e[1], e[2])) / Math.min(e[0], Math.min(e[1], e[2]));
        double exposure = Math.cbrt(gains[0] * gains[1] * gains[2]);
        return new Result(apply(image, gains), e, gains, cast, exposure);
    }

    private static double luminance(double[] linear) {
        return 0.2126729 * linear[0] + 0.7151522 * linear[1] + 0.0721750 * linear[2];
    }

    /** The illuminant in linear RGB, or null when too few usable pixels lie outside the faces. */
    double[] estimate(RgbImage image, List<FaceBox> faces) {
        int w = image.width();
        int h = image.height();
        int stride = Math.max(1, (int) Math.ceil(Math.sqrt((double) w * h / MAX_SAMPLES)));
        byte[] rgb = image.rgb();
        double[] sum = new double[3];
        long n = 0;
        for (int y = 0; y + stride < h; y += stride) {
            for (int x = 0; x + stride < w; x += stride) {
                if (inAnyFace(x, y, faces)) {
                    continue;
                }
                int i = (y * w + x) * 3;
                if (!usable(rgb, i)) {
                    continue;
                }
                if (method == Method.GREY_EDGE) {
                    int right = i + 3 * stride;
                    int below = i + 3 * stride * w;
                    if (!usable(rgb, right) || !usable(rgb, below)) {
                        continue;
                    }
                    for (int c = 0; c < 3; c++) {
                        double v = ColourSpace.linear(rgb[i + c] & 0xff);
                        double dx = ColourSpace.linear(rgb[right + c] & 0xff) - v;
                        double dy = ColourSpace.linear(rgb[below + c] & 0xff) - v;
                        sum[c] += Math.pow(Math.hypot(dx, dy), P);
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        double v = ColourSpace.linear(rgb[i + c] & 0xff);
                        sum[c] += method == Method.GREY_WORLD ? v : Math.pow(v, P);
                    }
                }
                n++;
            }
        }
        if (n < 100) {
            return null;
        }
        double[] e = new double[3];
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / n;
            e[c] = method == Method.GREY_WORLD ? mean : Math.pow(mean, 1 / P);
            if (!(e[c] > 1e-6)) {
                return null;
            }
        }
        return e;
    }

    /** Neither clipped (any channel at 250 or more) nor black (every channel under 8). */
    private static boolean usable(byte[] rgb, int i) {
        int r = rgb[i] & 0xff;
        int g = rgb[i + 1] & 0xff;
        int b = rgb[i + 2] & 0xff;
        return Math.max(r, Math.max(g, b)) < 250 && Math.max(r, Math.max(g, b)) >= 8;
    }

    private static boolean inAnyFace(int x, int y, List<FaceBox> faces) {
        for (FaceBox f : faces) {
            // the box grown by a quarter on each side: the Haar box leaves out the hairline, ears and neck
            int mx = f.width() / 4;
            int my = f.height() / 4;
            if (x >= f.x() - mx && x < f.x() + f.width() + mx && y >= f.y() - my && y < f.y() + f.height() + my) {
                return true;
            }
        }
        return false;
    }

    /** Von Kries: each linear channel times its gain, through one 256-entry table per channel. */
    static RgbImage apply(RgbImage image, double[] gains) {
        byte[][] table = new byte[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                double linear = Math.min(1, ColourSpace.linear(v) * gains[c]);
                table[c][v] = (byte) Math.round(ColourSpace.toCompanded(linear) * 255);
            }
        }
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            out[i] = table[0][in[i] & 0xff];
            out[i + 1] = table[1][in[i + 1] & 0xff];
            out[i + 2] = table[2][in[i + 2] & 0xff];
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
