package io.stylesync.inference.analyze.palette;

import io.stylesync.inference.analyze.colour.BaseColour;
import io.stylesync.inference.analyze.palette.Palette.Swatch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The recommendations of the classic four-season system: spring warm, light and clear; summer cool, light and
 * soft; autumn warm, deep and muted; winter cool, deep and high-contrast. Metals follow the undertone: gold for
 * warm, silver for cool, and rose gold added for neutral. Every baseColour is a value of the catalogue's
 * vocabulary ({@link BaseColour}).
 */
public final class SeasonalPalettes {

    private static final Map<Season, List<Swatch>> WEAR = new EnumMap<>(Season.class);
    private static final Map<Season, List<Swatch>> AVOID = new EnumMap<>(Season.class);

    static {
        WEAR.put(
                Season.SPRING,
                List.of(
                        swatch("Coral", "#ff7f50", BaseColour.ORANGE),
                        swatch("Peach", "#ffcba4", BaseColour.PEACH),
                        swatch("Warm yellow", "#f6c945", BaseColour.YELLOW),
                        swatch("Turquoise", "#30c5c9", BaseColour.TURQUOISE_BLUE),
                        swatch("Camel", "#c19a6b", BaseColour.TAN),
                        swatch("Ivory", "#fffff0", BaseColour.CREAM),
                        swatch("Leaf green", "#6ab04c", BaseColour.LIME_GREEN)));
        AVOID.put(
                Season.SPRING,
                List.of(
                        swatch("Black", "#111111", BaseColour.BLACK),
                        swatch("Charcoal", "#36454f", BaseColour.CHARCOAL),
                        swatch("Burgundy", "#6d1a36", BaseColour.BURGUNDY),
                        swatch("Icy grey", "#c9ced6", BaseColour.GREY),
                        swatch("Magenta", "#c2247c", BaseColour.MAGENTA)));
        WEAR.put(
                Season.SUMMER,
                List.of(
                        swatch("Lavender", "#b9a3d9", BaseColour.LAVENDER),
                        swatch("Powder blue", "#9bb7d4", BaseColour.BLUE),
                        swatch("Dusty rose", "#d9a0a8", BaseColour.ROSE),
                        swatch("Mauve", "#b07fa0", BaseColour.MAUVE),
                        swatch("Soft grey", "#a3a7ad", BaseColour.GREY),
                        swatch("Soft navy", "#34426b", BaseColour.NAVY_BLUE),
                        swatch("Soft white", "#f1ece1", BaseColour.OFF_WHITE)));
        AVOID.put(
                Season.SUMMER,
                List.of(
                        swatch("Orange", "#f07f1f", BaseColour.ORANGE),
                        swatch("Mustard", "#d9a514", BaseColour.MUSTARD),
                        swatch("Rust", "#a9441d", BaseColour.RUST),
                        swatch("Black", "#111111", BaseColour.BLACK),
                        swatch("Olive", "#6b7534", BaseColour.OLIVE)));
        WEAR.put(
                Season.AUTUMN,
                List.of(
                        swatch("Olive", "#6b7534", BaseColour.OLIVE),
                        swatch("Mustard", "#d9a514", BaseColour.MUSTARD),
                        swatch("Rust", "#a9441d", BaseColour.RUST),
                        swatch("Chocolate", "#4a3224", BaseColour.COFFEE_BROWN),
                        swatch("Khaki", "#bda77e", BaseColour.KHAKI),
                        swatch("Deep teal", "#0f5c5e", BaseColour.TEAL),
                        swatch("Cream", "#f3ead0", BaseColour.CREAM)));
        AVOID.put(
                Season.AUTUMN,
                List.of(
                        swatch("Black", "#111111", BaseColour.BLACK),
                        swatch("Pure white", "#ffffff", BaseColour.WHITE),
                        swatch("Pastel pink", "#f7c5d5", BaseColour.PINK),
                        swatch("Lavender", "#b9a3d9", BaseColour.LAVENDER),
                        swatch("Fuchsia", "#c2247c", BaseColour.MAGENTA)));
        WEAR.put(
                Season.WINTER,
                List.of(
                        swatch("Black", "#111111", BaseColour.BLACK),
                        swatch("Pure white", "#ffffff", BaseColour.WHITE),
                        swatch("Navy", "#1f2b4d", BaseColour.NAVY_BLUE),
                        swatch("True red", "#c8102e", BaseColour.RED),
                        swatch("Fuchsia", "#c2247c", BaseColour.MAGENTA),
                        swatch("Royal purple", "#5b2a86", BaseColour.PURPLE),
                        swatch("Emerald", "#00805a", BaseColour.GREEN)));
        AVOID.put(
                Season.WINTER,
                List.of(
                        swatch("Beige", "#d9c7a7", BaseColour.BEIGE), swatch("Peach", "#ffcba4", BaseColour.PEACH),
                        swatch("Orange", "#f07f1f", BaseColour.ORANGE),
                                swatch("Mustard", "#d9a514", BaseColour.MUSTARD),
                        swatch("Olive", "#6b7534", BaseColour.OLIVE), swatch("Camel", "#c19a6b", BaseColour.TAN)));
    }

    private static final Swatch GOLD = swatch("gold", "#d4af37", BaseColour.GOLD);
    private static final Swatch SILVER = swatch("silver", "#c0c0c0", BaseColour.SILVER);
    // The catalogue has no rose gold; Copper is its nearest metal.
    private static final Swatch ROSE_GOLD = swatch("rose gold", "#b76e79", BaseColour.COPPER);

    private SeasonalPalettes() {}

    public static Palette of(Season season, Undertone undertone) {
        List<Swatch> metals = new ArrayList<>();
        boolean warmSeason = season == Season.SPRING || season == Season.AUTUMN;
        switch (undertone) {
            case WARM -> metals.add(GOLD);
            case COOL -> metals.add(SILVER);
            case NEUTRAL -> {
                metals.add(warmSeason ? GOLD : SILVER);
                metals.add(ROSE_GOLD);
            }
        }
        List<Swatch> wear = WEAR.get(season);
        List<Swatch> avoid = AVOID.get(season);
        return new Palette(wear, avoid, List.copyOf(metals), baseColours(wear), baseColours(avoid));
    }

    private static List<String> baseColours(List<Swatch> swatches) {
        return List.copyOf(
                new LinkedHashSet<>(swatches.stream().map(Swatch::baseColour).toList()));
    }

    private static Swatch swatch(String name, String hex, BaseColour base) {
        return new Swatch(name, hex, base.label());
    }
}
