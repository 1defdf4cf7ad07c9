package io.stylesync.inference.analyze.palette;

import java.util.Locale;

/**
 * The four-season colour type. The rule, from undertone, depth (ITA°) and, when the hair above the forehead could
 * be measured (pixels unlike the skin in a band above the face box), the lightness contrast between skin and hair
 * (|ΔL*| ≥ {@value #HIGH_CONTRAST} is high):
 * <ul>
 *   <li>warm: spring when light (ITA° &gt; 41) without high contrast, else autumn;</li>
 *   <li>cool: winter when deep (ITA° ≤ 10) or high contrast, else summer;</li>
 *   <li>neutral: as warm when the hue leans yellow (h ≥ 55°), as cool otherwise.</li>
 * </ul>
 * Without a hair measurement, high contrast is assumed for deep skin (ITA° ≤ 10) only.
 */
public enum Season {
    SPRING,
    SUMMER,
    AUTUMN,
    WINTER;

    public static final double HIGH_CONTRAST = 40;
    public static final double NEUTRAL_LEANS_WARM = 55;

    /** @param contrast |L*skin − L*hair|, or NaN when unknown */
    public static Season of(Undertone undertone, double ita, double hue, double contrast) {
        boolean light = ita > 41;
        boolean deep = ita <= 10;
        boolean highContrast = Double.isNaN(contrast) ? deep : contrast >= HIGH_CONTRAST;
        boolean warm = switch (undertone) {
            case WARM -> true;
            case COOL -> false;
            case NEUTRAL -> hue >= NEUTRAL_LEANS_WARM;
        };
        if (warm) {
            return light && !highContrast ? SPRING : AUTUMN;
        }
        return deep || highContrast ? WINTER : SUMMER;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
