package io.stylesync.inference.analyze;

/** The service's default analyser, for the benchmark in a sub-package. */
public final class AnalyzeBenchmarkAccess {

    private AnalyzeBenchmarkAccess() {}

    public static ColourAnalyzer defaultAnalyzer() {
        return AnalyzeConfiguration.create(AnalyzeProperties.defaults());
    }
}
