package io.stylesync.common.model;

import java.util.List;

/**
 * One classification head on top of backbone features: {@code softmax(W x + b)}. Training learns
 * W and b with DJL; evaluation and inference both score with this class, so they cannot differ.
 *
 * @param weight {@code classes.size()} rows of {@code featureDim} values
 */
public record LinearHead(String attribute, List<String> classes, float[][] weight, float[] bias) {

    public LinearHead {
        if (weight.length != classes.size() || bias.length != classes.size()) {
            throw new IllegalArgumentException("head " + attribute + ": " + classes.size() + " classes but "
                    + weight.length + " weight rows and " + bias.length + " biases");
        }
        classes = List.copyOf(classes);
    }

    public int featureDim() {
        return weight.length == 0 ? 0 : weight[0].length;
    }

    /** Class probabilities for one feature vector. */
    public float[] probabilities(float[] features) {
        return probabilities(features, 0);
    }

    /** Class probabilities for the feature vector at {@code offset} in a batch array. */
    public float[] probabilities(float[] features, int offset) {
        int c = weight.length;
        double[] logits = new double[c];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            float[] w = weight[k];
            double z = bias[k];
            for (int j = 0; j < w.length; j++) {
                z += w[j] * features[offset + j];
            }
            logits[k] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        float[] p = new float[c];
        for (int k = 0; k < c; k++) {
            p[k] = (float) (logits[k] / sum);
        }
        return p;
    }
}
