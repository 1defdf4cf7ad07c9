package io.stylesync.inference.analyze.palette;

/**
 * Skin-tone categories by Individual Typology Angle (Chardon et al. 1991; Del Bino &amp; Bernerd 2013): very light
 * &gt; 55°, light 41–55°, intermediate 28–41°, tan 10–28°, brown −30–10°, dark &lt; −30°.
 */
public enum SkinToneCategory {
    VERY_LIGHT("very light"),
    LIGHT("light"),
    INTERMEDIATE("intermediate"),
    TAN("tan"),
    BROWN("brown"),
    DARK("dark");

    private final String label;

    SkinToneCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SkinToneCategory ofIta(double ita) {
        if (ita > 55) {
            return VERY_LIGHT;
        }
        if (ita > 41) {
            return LIGHT;
        }
        if (ita > 28) {
            return INTERMEDIATE;
        }
        if (ita > 10) {
            return TAN;
        }
        if (ita > -30) {
            return BROWN;
        }
        return DARK;
    }
}
