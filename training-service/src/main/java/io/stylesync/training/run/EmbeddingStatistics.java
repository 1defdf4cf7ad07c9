package io.stylesync.training.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Statistics of the training set's backbone embeddings, shipped in the model bundle so that
 * monitoring can tell live embeddings from the training distribution: per-dimension mean and
 * standard deviation, and the distribution of L2 norms.
 */
public record EmbeddingStatistics(int count, int dimension, List<Float> mean, List<Float> std, double normMean, double normStd,
        double normMin, double normMax) {

    static EmbeddingStatistics of(float[][] x) {
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
        return new EmbeddingStatistics(n, d, mean, std, nm, Math.sqrt(Math.max(0, normSq / n - nm * nm)), normMin, normMax);
    }
}
