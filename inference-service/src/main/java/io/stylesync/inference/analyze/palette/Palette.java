package io.stylesync.inference.analyze.palette;

import java.util.List;

/** Colours to wear and to avoid, and metals, each with the catalogue baseColour it maps to. */
public record Palette(
        List<Swatch> wear,
        List<Swatch> avoid,
        List<Swatch> metals,
        List<String> wearBaseColours,
        List<String> avoidBaseColours) {

    /** A named colour, its sRGB hex and the Kaggle {@code baseColour} a catalogue filter should use for it. */
    public record Swatch(String name, String hex, String baseColour) {}
}
