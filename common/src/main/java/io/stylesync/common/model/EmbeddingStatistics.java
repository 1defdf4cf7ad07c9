package io.stylesync.common.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics of the training set's backbone embeddings, shipped in the model bundle
 * ({@code embedding-stats.json}) so that monitoring can tell live embeddings from the training
 * distribution: per-dimension mean and standard deviation, the distribution of L2 norms, and a sample
 * of every {@link EmbeddingSummary} value over the training embeddings (the reference for embedding drift).
 *
 * @param summarySample summary wire name to up to {@link #SAMPLE_SIZE} values (evenly spaced over the
 *                      sorted values, so the sample keeps the distribution); absent in bundles before it existed
 */
public record EmbeddingStatistics(
        int count,
        int dimension,
        List<Float> mean,
        List<Float> std,
        double normMean,
        double normStd,
        double normMin,
        double normMax,
        Map<String, List<Double>> summarySample) {

    public static final String FILE = "embedding-stats.json";
    public static final int SAMPLE_SIZE = 5_000;

    public static EmbeddingStatistics of(float[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        double normSum = 0;
        double normSq = 0;
        double normMin = Double.POSITIVE_INFINITY;
        double normMax = 0;
        for (float[] row : x) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
                sq[j] += (double) row[j] * row[j];
                norm += (double) row[j] * row[j];
            }
            norm = Math.sqrt(norm);
            normSum += norm;
            normSq += norm * norm;
            normMin = Math.min(normMin, norm);
            normMax = Math.max(normMax, norm);
        }
        List<Float> mean = new ArrayList<>(d);
        List<Float> std = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            double m = sum[j] / n;
            mean.add((float) m);
            std.add((float) Math.sqrt(Math.max(0, sq[j] / n - m * m)));
        }
        double nm = normSum / n;
        EmbeddingStatistics withoutSample = new EmbeddingStatistics(
                n, d, mean, std, nm, Math.sqrt(Math.max(0, normSq / n - nm * nm)), normMin, normMax, Map.of());
        return new EmbeddingStatistics(
                n,
                d,
                mean,
                std,
                withoutSample.normMean,
                withoutSample.normStd,
                normMin,
                normMax,
                summarySample(x, withoutSample));
    }

    private static Map<String, List<Double>> summarySample(float[][] x, EmbeddingStatistics stats) {
        double[][] values = new double[EmbeddingSummary.WIRE_NAMES.size()][x.length];
        for (int i = 0; i < x.length; i++) {
            EmbeddingSummary s = EmbeddingSummary.of(x[i], stats);
            values[0][i] = s.norm();
            values[1][i] = s.centroidCosine();
            values[2][i] = s.meanAbsZ();
        }
        Map<String, List<Double>> sample = new LinkedHashMap<>();
        for (int k = 0; k < values.length; k++) {
            double[] v = values[k];
            Arrays.sort(v);
            int m = Math.min(SAMPLE_SIZE, v.length);
            List<Double> kept = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                kept.add(v[(int) ((long) i * v.length / m)]);
            }
            sample.put(EmbeddingSummary.WIRE_NAMES.get(k), List.copyOf(kept));
        }
        return sample;
    }

    public Map<String, List<Double>> summarySample() {
        return summarySample == null ? Map.of() : summarySample;
    }
}
