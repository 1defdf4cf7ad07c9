package io.stylesync.common.dataset;

import io.stylesync.common.features.ImageFeature;
import io.stylesync.common.hash.Sha256;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Computes {@link ReferenceStatistics} from dataset records; also owns the fixed binning monitoring reuses. */
public final class ReferenceStatisticsBuilder {

    private ReferenceStatisticsBuilder() {}

    public static ReferenceStatistics build(
            String dataset, String version, List<DatasetRecord> records, List<String> attributes) {
        Map<String, ReferenceStatistics.NumericSummary> features = new LinkedHashMap<>();
        for (ImageFeature f : ImageFeature.values()) {
            features.put(f.wireName(), summarize(f, records));
        }
        Map<String, Map<String, Long>> labels = new LinkedHashMap<>();
        for (String attribute : attributes) {
            Map<String, Long> counts = new TreeMap<>();
            records.forEach(r -> counts.merge(r.labels().get(attribute), 1L, Long::sum));
            labels.put(attribute, counts);
        }
        return new ReferenceStatistics(
                ReferenceStatistics.SCHEMA_VERSION, dataset, version, records.size(), features, labels);
    }

    /** The bin of a value on a feature's fixed range; values outside are clamped into the end bins. */
    public static int bin(double value, double rangeMin, double rangeMax, int bins) {
        if (!(value > rangeMin)) {
            return 0;
        }
        int b = (int) ((value - rangeMin) / (rangeMax - rangeMin) * bins);
        return Math.min(b, bins - 1);
    }

    private static ReferenceStatistics.NumericSummary summarize(ImageFeature f, List<DatasetRecord> records) {
        double[] values = records.stream()
                .mapToDouble(r -> r.features().get(f.wireName()))
                .toArray();
        long[] histogram = new long[ReferenceStatistics.HISTOGRAM_BINS];
        for (double v : values) {
            histogram[bin(v, f.rangeMin(), f.rangeMax(), histogram.length)]++;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double variance =
                Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1);
        List<Double> quantiles = ReferenceStatistics.QUANTILE_LEVELS.stream()
                .map(q -> quantile(sorted, q))
                .toList();
        return new ReferenceStatistics.NumericSummary(
                values.length,
                mean,
                Math.sqrt(variance),
                sorted.length == 0 ? Double.NaN : sorted[0],
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                quantiles,
                f.rangeMin(),
                f.rangeMax(),
                Arrays.stream(histogram).boxed().toList(),
                sample(f, records));
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** A deterministic sample: the records with the smallest hash of their id, so it does not depend on order. */
    private static List<Double> sample(ImageFeature f, List<DatasetRecord> records) {
        List<DatasetRecord> chosen = records;
        if (records.size() > ReferenceStatistics.SAMPLE_SIZE) {
            chosen = records.stream()
                    .map(r -> Map.entry(sampleKey(r.id()), r))
                    .sorted(Map.Entry.comparingByKey())
                    .limit(ReferenceStatistics.SAMPLE_SIZE)
                    .map(Map.Entry::getValue)
                    .toList();
        }
        return chosen.stream().map(r -> r.features().get(f.wireName())).toList();
    }

    private static String sampleKey(String id) {
        return Sha256.hex(id).substring(0, 16);
    }
}
