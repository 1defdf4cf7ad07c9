package io.stylesync.inference.analyze.colour;

/** A CIELAB colour (D65 white, 2° observer): L* 0–100, a* green–red, b* blue–yellow. */
public record Lab(double l, double a, double b) {

    /** Hue angle h_ab in degrees, 0–360. */
    public double hue() {
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }

    /** Chroma C*_ab. */
    public double chroma() {
        return Math.hypot(a, b);
    }

    /** CIE76 colour difference ΔE*ab (Euclidean distance in Lab). */
    public double deltaE(Lab other) {
        double dl = l - other.l;
        double da = a - other.a;
        double db = b - other.b;
        return Math.sqrt(dl * dl + da * da + db * db);
    }

    public Lab rounded() {
        return new Lab(round2(l), round2(a), round2(b));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
