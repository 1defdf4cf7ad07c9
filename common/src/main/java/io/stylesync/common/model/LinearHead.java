package io.stylesync.common.model;

import java.util.List;

/**
 * One classification head on top of backbone features: {@code softmax((W x + b) / T)}. Training learns
 * W and b with DJL and fits the temperature T on the validation split (T = 1 leaves the logits as trained);
 * evaluation and inference both score with this class, so they cannot differ.
 *
 * @param weight      {@code classes.size()} rows of {@code featureDim} values
 * @param temperature the logits' divisor, positive and finite
 */
public record LinearHead(String attribute, List<String> classes, float[][] weight, float[] bias, double temperature) {

    public LinearHead {
        if (weight.length != classes.size() || bias.length != classes.size()) {
            throw new IllegalArgumentException("head " + attribute + ": " + classes.size() + " classes but "
                    + weight.length + " weight rows and " + bias.length + " biases");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException(
                    "head " + attribute + ": temperature must be positive and finite: " + temperature);
        }
        classes = List.copyOf(classes);
    }

    /** An uncalibrated head (temperature 1). */
    public LinearHead(String attribute, List<String> classes, float[][] weight, float[] bias) {
        this(attribute, classes, weight, bias, 1.0);
    }

    /** The same weights scored at another temperature. */
    public LinearHead withTemperature(double t) {
        return new LinearHead(attribute, classes, weight, bias, t);
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
        return softmax(logits(features, offset), temperature);
    }

    /** {@code W x + b} for the feature vector at {@code offset}, before the temperature. */
    public double[] logits(float[] features, int offset) {
        int c = weight.length;
        double[] logits = new double[c];
        for (int k = 0; k < c; k++) {
            float[] w = weight[k];
            double z = bias[k];
            for (int j = 0; j < w.length; j++) {
                z += w[j] * features[offset + j];
            }
            logits[k] = z;
        }
        return logits;
    }

    /** {@code softmax(logits / t)}, computed stably. */
    public static float[] softmax(double[] logits, double t) {
        int c = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] e = new double[c];
        double sum = 0;
        for (int k = 0; k < c; k++) {
            e[k] = Math.exp((logits[k] - max) / t);
            sum += e[k];
        }
        float[] p = new float[c];
        for (int k = 0; k < c; k++) {
            p[k] = (float) (e[k] / sum);
        }
        return p;
    }
}
