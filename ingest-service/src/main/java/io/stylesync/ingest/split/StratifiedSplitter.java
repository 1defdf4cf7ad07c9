package io.stylesync.ingest.split;

import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.dataset.SplitRatios;
import io.stylesync.common.hash.Sha256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic stratified split. Within each class of the stratification attribute, records are
 * ordered by SHA-256 of {@code seed + "/" + id} (not by listing order), then the first
 * {@code round(n * test)} go to test, the next {@code round(n * val)} to val and the rest to train.
 * The same records and seed give the same split whatever order they arrive in; a class with one
 * image lands in train.
 */
public final class StratifiedSplitter {

    private StratifiedSplitter() {}

    public static List<DatasetRecord> split(
            List<DatasetRecord> records, String stratifyBy, SplitRatios ratios, long seed) {
        Map<String, List<DatasetRecord>> strata = new TreeMap<>();
        for (DatasetRecord r : records) {
            strata.computeIfAbsent(r.labels().get(stratifyBy), k -> new ArrayList<>())
                    .add(r);
        }
        List<DatasetRecord> out = new ArrayList<>(records.size());
        for (List<DatasetRecord> stratum : strata.values()) {
            List<DatasetRecord> ordered = stratum.stream()
                    .map(r -> Map.entry(orderKey(seed, r.id()), r))
                    .sorted(Map.Entry.<String, DatasetRecord>comparingByKey()
                            .thenComparing(e -> e.getValue().id()))
                    .map(Map.Entry::getValue)
                    .toList();
            int n = ordered.size();
            int nTest = (int) Math.round(n * ratios.test());
            int nVal = (int) Math.round(n * ratios.val());
            if (nTest + nVal >= n) { // keep at least one training example per class
                nTest = Math.min(nTest, Math.max(0, n - 1));
                nVal = Math.max(0, Math.min(nVal, n - 1 - nTest));
            }
            for (int i = 0; i < n; i++) {
                Split s = i < nTest ? Split.TEST : i < nTest + nVal ? Split.VAL : Split.TRAIN;
                out.add(ordered.get(i).withSplit(s));
            }
        }
        out.sort(Comparator.comparing(DatasetRecord::id));
        return out;
    }

    private static String orderKey(long seed, String id) {
        return Sha256.hex(seed + "/" + id);
    }
}
