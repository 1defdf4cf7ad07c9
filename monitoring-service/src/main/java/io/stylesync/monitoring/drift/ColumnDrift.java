package io.stylesync.monitoring.drift;

import java.util.List;

/**
 * The drift of one column: the test Evidently's defaults choose, its score (a p-value for ks, chisquare and
 * z, a distance for wasserstein and jensenshannon: Evidently's {@code drift_score}), the threshold, the flag,
 * PSI, and the reference and current histograms (fractions) for the page.
 *
 * @param statistic the test statistic behind a p-value (KS D, chi-squared, z); equals score for distances
 * @param pValue    null for the distance tests
 */
public record ColumnDrift(
        String feature,
        String kind,
        String test,
        Double score,
        Double statistic,
        Double pValue,
        Double threshold,
        boolean drifted,
        Double psi,
        long referenceCount,
        long currentCount,
        Histogram histogram) {

    /** Values that do not exist (no current data, an infinite chi-squared statistic) are null in JSON. */
    public ColumnDrift {
        score = finite(score);
        statistic = finite(statistic);
        pValue = finite(pValue);
        threshold = finite(threshold);
        psi = finite(psi);
    }

    static Double finite(Double x) {
        return x == null || !Double.isFinite(x) ? null : x;
    }

    /**
     * @param labels  category names, or null for numeric bins (then {@code min}/{@code max} give the range)
     */
    public record Histogram(Double min, Double max, List<String> labels, List<Double> reference, List<Double> current) {

        public Histogram {
            min = finite(min);
            max = finite(max);
        }
    }
}
