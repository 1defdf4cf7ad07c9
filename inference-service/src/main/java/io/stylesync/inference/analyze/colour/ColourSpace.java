package io.stylesync.inference.analyze.colour;

/**
 * sRGB (IEC 61966-2-1) to CIE XYZ (D65) to CIELAB (CIE 15), and back to sRGB hex. 8-bit values go through a
 * 256-entry linearisation table, so converting every pixel of a photo is cheap.
 */
public final class ColourSpace {

    /** D65 reference white, 2° observer, normalised to Y = 1 (the white point of the sRGB matrix below). */
    public static final double XN = 0.95047;

    public static final double YN = 1.0;
    public static final double ZN = 1.08883;

    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            LINEAR[i] = toLinear(i / 255.0);
        }
    }

    private ColourSpace() {}

    /** The sRGB electro-optical transfer function: companded 0–1 to linear 0–1. */
    public static double toLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** {@link #toLinear} of an 8-bit value, from the table. */
    public static double linear(int v) {
        return LINEAR[v];
    }

    public static double toCompanded(double linear) {
        return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
    }

    public static Lab rgbToLab(int r, int g, int b) {
        double rl = LINEAR[r];
        double gl = LINEAR[g];
        double bl = LINEAR[b];
        double x = 0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl;
        double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
        double z = 0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl;
        return xyzToLab(x, y, z);
    }

    public static Lab xyzToLab(double x, double y, double z) {
        double fx = f(x / XN);
        double fy = f(y / YN);
        double fz = f(z / ZN);
        return new Lab(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    /** Lab to 8-bit sRGB, clipped to the gamut, as {@code #rrggbb}. */
    public static String labToHex(Lab lab) {
        int[] rgb = labToRgb(lab);
        return hex(rgb[0], rgb[1], rgb[2]);
    }

    public static int[] labToRgb(Lab lab) {
        double fy = (lab.l() + 16) / 116;
        double fx = fy + lab.a() / 500;
        double fz = fy - lab.b() / 200;
        double x = XN * fInverse(fx);
        double y = YN * fInverse(fy);
        double z = ZN * fInverse(fz);
        double rl = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double gl = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new int[] {to8bit(rl), to8bit(gl), to8bit(bl)};
    }

    public static Lab hexToLab(String hex) {
        int v = Integer.parseInt(hex.startsWith("#") ? hex.substring(1) : hex, 16);
        return rgbToLab((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    }

    public static String hex(int r, int g, int b) {
        return String.format("#%02x%02x%02x", r, g, b);
    }

    /**
     * Individual Typology Angle in degrees: atan((L* − 50) / b*) × 180/π (Chardon et al. 1991), computed with
     * atan2 so that b* ≤ 0 (never seen on real skin) still yields a finite angle.
     */
    public static double ita(Lab lab) {
        return Math.toDegrees(Math.atan2(lab.l() - 50, lab.b()));
    }

    private static int to8bit(double linear) {
        double c = toCompanded(Math.max(0, Math.min(1, linear)));
        return (int) Math.round(c * 255);
    }

    private static final double EPSILON = 216.0 / 24389;
    private static final double KAPPA = 24389.0 / 27;

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    private static double fInverse(double f) {
        double f3 = f * f * f;
        return f3 > EPSILON ? f3 : (116 * f - 16) / KAPPA;
    }
}
