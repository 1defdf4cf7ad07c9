package io.stylesync.inference.analyze.palette;

import io.stylesync.inference.analyze.colour.Lab;

/**
 * Warm, cool or neutral skin undertone from the CIELAB hue angle h = atan2(b*, a*) of the median skin colour.
 * Skin hue angles lie between about 35° (pink-red) and 75° (yellow-olive); a redder skin (more a* for its b*)
 * reads as cool, a yellower one as warm. The rule: h &lt; {@value #COOL_BELOW}° cool, h &gt; {@value #WARM_ABOVE}° warm,
 * neutral between. The cut-offs are a heuristic (no colour-analysis ground truth was available to fit them).
 */
public enum Undertone {
    WARM,
    COOL,
    NEUTRAL;

    public static final double COOL_BELOW = 50;
    public static final double WARM_ABOVE = 60;

    public static Undertone of(Lab skin) {
        double h = skin.hue();
        if (h < COOL_BELOW) {
            return COOL;
        }
        if (h > WARM_ABOVE) {
            return WARM;
        }
        return NEUTRAL;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
