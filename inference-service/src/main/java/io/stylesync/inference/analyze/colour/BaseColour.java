package io.stylesync.inference.analyze.colour;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code baseColour} vocabulary of the Kaggle Fashion Product Images catalogue ({@code styles.csv}; every value
 * except "Multi", "Metallic" and the empty one), each with a representative sRGB colour chosen for garments, so that
 * a measured colour can be named the way the catalogue names its items. {@link #nearest} skips the metal and skin
 * names, which describe finishes and skin rather than fabric colours.
 */
public enum BaseColour {
    BLACK("Black", "#1b1b1b", true),
    WHITE("White", "#f7f7f5", true),
    BLUE("Blue", "#2e64b4", true),
    BROWN("Brown", "#6b4423", true),
    GREY("Grey", "#8a8a8a", true),
    RED("Red", "#c8202e", true),
    GREEN("Green", "#2f7d3a", true),
    NAVY_BLUE("Navy Blue", "#1f2b4d", true),
    PURPLE("Purple", "#6a3d9a", true),
    PINK("Pink", "#f29fbd", true),
    SILVER("Silver", "#c0c0c0", false),
    YELLOW("Yellow", "#f4d03f", true),
    BEIGE("Beige", "#d9c7a7", true),
    GOLD("Gold", "#d4af37", false),
    MAROON("Maroon", "#7a1f2b", true),
    ORANGE("Orange", "#f07f1f", true),
    OLIVE("Olive", "#6b7534", true),
    CREAM("Cream", "#f3ead0", true),
    STEEL("Steel", "#7c8b99", false),
    OFF_WHITE("Off White", "#f1ece1", true),
    CHARCOAL("Charcoal", "#36454f", true),
    KHAKI("Khaki", "#bda77e", true),
    PEACH("Peach", "#f8c3a0", true),
    TEAL("Teal", "#0f7c80", true),
    LAVENDER("Lavender", "#b9a3d9", true),
    TAN("Tan", "#c79e6c", true),
    MAGENTA("Magenta", "#c2247c", true),
    MUSTARD("Mustard", "#d9a514", true),
    BRONZE("Bronze", "#a8712f", false),
    COPPER("Copper", "#b4693c", false),
    TURQUOISE_BLUE("Turquoise Blue", "#29b8c6", true),
    RUST("Rust", "#a9441d", true),
    GREY_MELANGE("Grey Melange", "#a4a4a6", true),
    COFFEE_BROWN("Coffee Brown", "#4a3224", true),
    BURGUNDY("Burgundy", "#6d1a36", true),
    SEA_GREEN("Sea Green", "#3c9a76", true),
    MUSHROOM_BROWN("Mushroom Brown", "#a08f7d", true),
    MAUVE("Mauve", "#b07fa0", true),
    TAUPE("Taupe", "#8b7b6b", true),
    FLUORESCENT_GREEN("Fluorescent Green", "#5df536", true),
    NUDE("Nude", "#e1b899", false),
    LIME_GREEN("Lime Green", "#8fd14f", true),
    ROSE("Rose", "#d9788f", true),
    SKIN("Skin", "#e8c0a4", false);

    private final String label;
    private final String hex;
    private final boolean fabric;
    private final Lab lab;

    BaseColour(String label, String hex, boolean fabric) {
        this.label = label;
        this.hex = hex;
        this.fabric = fabric;
        this.lab = ColourSpace.hexToLab(hex);
    }

    /** The name exactly as {@code styles.csv} spells it. */
    public String label() {
        return label;
    }

    public String hex() {
        return hex;
    }

    public Lab lab() {
        return lab;
    }

    private static final List<BaseColour> FABRIC =
            List.of(values()).stream().filter(c -> c.fabric).toList();

    /** The fabric colour name nearest to {@code lab} by ΔE*ab. */
    public static BaseColour nearest(Lab lab) {
        return FABRIC.stream()
                .min(Comparator.comparingDouble(c -> c.lab.deltaE(lab)))
                .orElseThrow();
    }

    public static Optional<BaseColour> byLabel(String label) {
        return List.of(values()).stream().filter(c -> c.label.equals(label)).findFirst();
    }
}
