package io.stylesync.common.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three numbers that summarise one backbone embedding against the training set's
 * {@link EmbeddingStatistics}; inference sends them with every prediction and monitoring compares
 * their distribution with the training sample (embedding drift) without shipping whole embeddings.
 *
 * @param norm           L2 norm of the embedding
 * @param centroidCosine cosine similarity to the training mean embedding
 * @param meanAbsZ       mean over dimensions of |x_j - mean_j| / std_j (dimensions with std 0 are skipped)
 */
public record EmbeddingSummary(double norm, double centroidCosine, double meanAbsZ) {

    /** Wire names, in record order: the keys of {@link #asMap()} and of {@link EmbeddingStatistics#summarySample()}. */
    public static final List<String> WIRE_NAMES = List.of("norm", "centroid_cosine", "mean_abs_z");

    public static EmbeddingSummary of(float[] embedding, EmbeddingStatistics reference) {
        return of(embedding, 0, reference);
    }

    /** Summary of the embedding at {@code offset} in a batch array. */
    public static EmbeddingSummary of(float[] batch, int offset, EmbeddingStatistics reference) {
        int d = reference.dimension();
        double norm = 0;
        double dot = 0;
        double centroidNorm = 0;
        double z = 0;
        int zDims = 0;
        for (int j = 0; j < d; j++) {
            double x = batch[offset + j];
            double m = reference.mean().get(j);
            double s = reference.std().get(j);
            norm += x * x;
            dot += x * m;
            centroidNorm += m * m;
            if (s > 0) {
                z += Math.abs(x - m) / s;
                zDims++;
            }
        }
        norm = Math.sqrt(norm);
        double cosine = norm == 0 || centroidNorm == 0 ? 0 : dot / (norm * Math.sqrt(centroidNorm));
        return new EmbeddingSummary(norm, cosine, zDims == 0 ? 0 : z / zDims);
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(WIRE_NAMES.get(0), norm);
        map.put(WIRE_NAMES.get(1), centroidCosine);
        map.put(WIRE_NAMES.get(2), meanAbsZ);
        return map;
    }
}
