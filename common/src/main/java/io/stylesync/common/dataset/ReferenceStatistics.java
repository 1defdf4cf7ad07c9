package io.stylesync.common.dataset;

import java.util.List;
import java.util.Map;

/**
 * Reference statistics for drift detection ({@code reference-stats.json}), computed over the
 * TRAIN split of a dataset version: what the model learned from. Documented in
 * {@code docs/contracts.md}; monitoring-service reads it.
 *
 * @param features per image feature (wire names of {@code ImageFeature}): summary, a fixed-range
 *                 histogram and a deterministic sample of raw values (for exact two-sample tests)
 * @param labels   per target attribute: class to count, for the train split
 */
public record ReferenceStatistics(
        int schemaVersion,
        String dataset,
        String version,
        long count,
        Map<String, NumericSummary> features,
        Map<String, Map<String, Long>> labels) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * @param quantiles values at {@link #QUANTILE_LEVELS}
     * @param histogram counts of {@code bins} equal-width bins over the feature's fixed range
     *                  [{@code rangeMin}, {@code rangeMax}]; values outside are clamped into the end bins
     * @param sample    up to {@code SAMPLE_SIZE} values, chosen by a hash of the record id
     */
    public record NumericSummary(
            long count,
            double mean,
            double std,
            double min,
            double max,
            List<Double> quantiles,
            double rangeMin,
            double rangeMax,
            List<Long> histogram,
            List<Double> sample) {}

    public static final List<Double> QUANTILE_LEVELS = List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);
    public static final int HISTOGRAM_BINS = 50;
    public static final int SAMPLE_SIZE = 5000;
}
