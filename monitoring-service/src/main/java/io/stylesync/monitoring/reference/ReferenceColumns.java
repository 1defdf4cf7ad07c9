package io.stylesync.monitoring.reference;

import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.features.ImageFeature;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingSummary;
import io.stylesync.monitoring.drift.CategoricalColumn;
import io.stylesync.monitoring.drift.DriftKind;
import io.stylesync.monitoring.drift.NumericColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift columns of a model reference, in the order events are read into the window: every
 * {@link ImageFeature} (reference = the statistics' raw sample; display = the contract's 50-bin histogram over
 * the feature's fixed range, over the whole train split), the embedding summary values when the bundle has a
 * summary sample, and one categorical column per head (reference = the train split's class counts, folded into
 * the head's {@code otherClass} exactly as training folds classes outside the head).
 */
public record ReferenceColumns(List<NumericColumn> numeric, List<CategoricalColumn> categorical, List<String> notes) {

    public static ReferenceColumns of(ModelReference reference, int maxEdges) {
        List<NumericColumn> numeric = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ImageFeature f : ImageFeature.values()) {
            ReferenceStatistics.NumericSummary s =
                    reference.statistics().features().get(f.wireName());
            if (s == null || s.sample() == null || s.sample().isEmpty()) {
                notes.add("reference has no sample for " + f.wireName() + ": not monitored");
                continue;
            }
            long[] histogram = s.histogram() == null
                    ? null
                    : s.histogram().stream().mapToLong(Long::longValue).toArray();
            if (histogram != null && histogram.length != ReferenceStatistics.HISTOGRAM_BINS) {
                histogram = null;
            }
            numeric.add(NumericColumn.of(
                    f.wireName(),
                    DriftKind.IMAGE,
                    toArray(s.sample()),
                    maxEdges,
                    f.rangeMin(),
                    f.rangeMax(),
                    histogram));
        }
        Map<String, List<Double>> embedding =
                reference.embedding() == null ? Map.of() : reference.embedding().summarySample();
        if (embedding.isEmpty()) {
            notes.add("bundle has no embedding summary sample: embedding drift skipped");
        } else {
            for (String name : EmbeddingSummary.WIRE_NAMES) {
                List<Double> sample = embedding.get(name);
                if (sample != null && !sample.isEmpty()) {
                    numeric.add(NumericColumn.of(name, DriftKind.EMBEDDING, toArray(sample), maxEdges));
                }
            }
        }
        List<CategoricalColumn> categorical = new ArrayList<>();
        Map<String, Map<String, Long>> labels = reference.statistics().labels() == null
                ? Map.of()
                : reference.statistics().labels();
        for (Map.Entry<String, Map<String, Long>> head : labels.entrySet()) {
            categorical.add(CategoricalColumn.of(
                    head.getKey(),
                    DriftKind.PREDICTION,
                    fold(
                            head.getValue(),
                            reference.heads().stream()
                                    .filter(h -> h.attribute().equals(head.getKey()))
                                    .findFirst()
                                    .orElse(null))));
        }
        return new ReferenceColumns(List.copyOf(numeric), List.copyOf(categorical), List.copyOf(notes));
    }

    private static Map<String, Long> fold(Map<String, Long> counts, BundleManifest.Head head) {
        if (head == null || head.otherClass() == null || head.classes() == null) {
            return counts;
        }
        Map<String, Long> folded = new LinkedHashMap<>();
        counts.forEach(
                (label, n) -> folded.merge(head.classes().contains(label) ? label : head.otherClass(), n, Long::sum));
        return folded;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream()
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
    }
}
