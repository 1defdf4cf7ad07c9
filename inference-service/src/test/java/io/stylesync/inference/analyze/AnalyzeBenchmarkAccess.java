package io.stylesync.inference.analyze;

/** The service's default analyser, for the benchmark in a sub-package. */
public final class AnalyzeBenchmarkAccess {

    private AnalyzeBenchmarkAccess() {}

    public static ColourAnalyzer defaultAnalyzer() {
        return AnalyzeConfiguration.create(AnalyzeProperties.defaults());
    }

    /** The default analyser with another illuminant estimate. */
    public static ColourAnalyzer analyzer(io.stylesync.inference.analyze.colour.LightingCorrection.Method illuminant) {
        AnalyzeProperties d = AnalyzeProperties.defaults();
        return AnalyzeConfiguration.create(new AnalyzeProperties(
                d.colours(),
                d.seed(),
                d.colourSamples(),
                d.detectMaxSide(),
                d.minNeighbors(),
                d.minSkinShare(),
                d.minSkinPixels(),
                d.maxImagePixels(),
                illuminant,
                d.zonesFromEyes(),
                d.skinTrimLower(),
                d.skinTrimUpper()));
    }
}
