package io.stylesync.monitoring.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A categorical column: class counts of the reference (for example a head's labels in the train split). */
public record CategoricalColumn(String name, DriftKind kind, List<String> categories, long[] counts)
        implements DriftColumn {

    public static CategoricalColumn of(String name, DriftKind kind, Map<String, Long> referenceCounts) {
        Map<String, Long> positive = new LinkedHashMap<>();
        referenceCounts.forEach((k, v) -> {
            if (v != null && v > 0) {
                positive.merge(k, v, Long::sum);
            }
        });
        List<String> categories = new ArrayList<>(positive.keySet());
        long[] counts = positive.values().stream().mapToLong(Long::longValue).toArray();
        return new CategoricalColumn(name, kind, List.copyOf(categories), counts);
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    @Override
    public int referenceRows() {
        return (int) Math.min(Integer.MAX_VALUE, total());
    }
}
