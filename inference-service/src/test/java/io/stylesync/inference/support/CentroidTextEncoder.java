package io.stylesync.inference.support;

import io.stylesync.common.search.Captions;
import io.stylesync.common.search.HashingTokenizer;
import io.stylesync.common.search.TextEncoder;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A text encoder for inference tests, fitted in closed form the way {@link GaussianHead} stands in for trained
 * heads (training is training-service's, which inference tests cannot import): the image side is a fixed random
 * projection {@code P}; each token's embedding is the mean {@code P x} of the training images whose captions
 * contain it; the two layers pass the mean through unchanged (identity weights, biases that keep the ReLU in its
 * linear range). So a query lands on the centroid of the images its words describe, through the real bundle
 * format and the real {@link TextEncoder} code.
 */
public final class CentroidTextEncoder {

    private static final int DIM = 128;
    private static final float SHIFT = 50f;

    private CentroidTextEncoder() {}

    public static TextEncoder fit(List<Map<String, String>> labels, float[][] features, int buckets) {
        int featureDim = features[0].length;
        HashingTokenizer tokenizer = new HashingTokenizer(buckets);
        Random random = new Random(5);
        float[] projection = new float[DIM * featureDim];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) (random.nextGaussian() / Math.sqrt(DIM));
        }
        float[] embedding = new float[DIM * buckets];
        int[] counts = new int[buckets];
        for (int i = 0; i < features.length; i++) {
            float[] v = project(projection, features[i], featureDim);
            for (String caption : Captions.of(labels.get(i))) {
                for (int id : tokenizer.tokenize(caption)) {
                    counts[id]++;
                    for (int d = 0; d < DIM; d++) {
                        embedding[d * buckets + id] += v[d];
                    }
                }
            }
        }
        for (int id = 0; id < buckets; id++) {
            for (int d = 0; d < DIM && counts[id] > 0; d++) {
                embedding[d * buckets + id] /= counts[id];
            }
        }
        float[] identity = new float[DIM * DIM];
        float[] shift = new float[DIM];
        float[] unshift = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            identity[d * DIM + d] = 1;
            shift[d] = SHIFT;
            unshift[d] = -SHIFT;
        }
        return new TextEncoder(
                tokenizer,
                DIM,
                DIM,
                DIM,
                featureDim,
                Map.of(
                        TextEncoder.EMBEDDING, embedding,
                        TextEncoder.HIDDEN_WEIGHT, identity,
                        TextEncoder.HIDDEN_BIAS, shift,
                        TextEncoder.OUTPUT_WEIGHT, identity.clone(),
                        TextEncoder.OUTPUT_BIAS, unshift,
                        TextEncoder.IMAGE_PROJECTION, projection));
    }

    private static float[] project(float[] projection, float[] x, int featureDim) {
        double sq = 0;
        for (float f : x) {
            sq += (double) f * f;
        }
        double inv = 1 / Math.sqrt(sq);
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            double s = 0;
            for (int f = 0; f < featureDim; f++) {
                s += projection[d * featureDim + f] * x[f];
            }
            v[d] = (float) (s * inv);
        }
        return v;
    }
}
