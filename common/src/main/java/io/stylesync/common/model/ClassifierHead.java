package io.stylesync.common.model;

import java.util.List;

/**
 * One classification head on top of backbone features: {@code softmax((W x + b) / T)}, or with a hidden layer
 * {@code softmax((W relu(H x + c) + b) / T)}. Training learns the layers with DJL and fits the temperature T on the
 * validation split (T = 1 leaves the logits as trained); evaluation and inference both score with this class, so
 * they cannot differ.
 *
 * @param hidden      the hidden layer, or {@code null} for a linear head
 * @param weight      {@code classes.size()} rows of {@code hidden.units()} values, or of the feature size when linear
 * @param temperature the logits' divisor, positive and finite
 */
public record ClassifierHead(
        String attribute, List<String> classes, Hidden hidden, float[][] weight, float[] bias, double temperature) {

    /**
     * A fully connected ReLU layer between the features and the classes. Scoring walks a transposed copy of the
     * weights, one input at a time over all units: that inner loop has no reduction, so the JIT vectorises it, which
     * a dot product per unit (a float reduction) does not get.
     */
    public static final class Hidden {

        private final float[][] weight;
        private final float[] bias;
        private final float[][] byInput;

        /** @param weight {@code units} rows of {@code featureDim} values */
        public Hidden(float[][] weight, float[] bias) {
            if (weight.length == 0 || weight.length != bias.length) {
                throw new IllegalArgumentException(
                        "hidden layer: " + weight.length + " weight rows and " + bias.length + " biases");
            }
            int dim = weight[0].length;
            byInput = new float[dim][weight.length];
            for (int u = 0; u < weight.length; u++) {
                if (weight[u].length != dim) {
                    throw new IllegalArgumentException("hidden layer: rows of different lengths");
                }
                for (int j = 0; j < dim; j++) {
                    byInput[j][u] = weight[u][j];
                }
            }
            this.weight = weight;
            this.bias = bias;
        }

        public float[][] weight() {
            return weight;
        }

        public float[] bias() {
            return bias;
        }

        public int units() {
            return weight.length;
        }

        public int featureDim() {
            return weight[0].length;
        }

        /** {@code relu(H x + c)} for the feature vector at {@code offset}. */
        float[] activation(float[] features, int offset) {
            float[] h = bias.clone();
            for (int j = 0; j < byInput.length; j++) {
                float x = features[offset + j];
                float[] column = byInput[j];
                for (int u = 0; u < h.length; u++) {
                    h[u] += x * column[u];
                }
            }
            for (int u = 0; u < h.length; u++) {
                h[u] = Math.max(0f, h[u]);
            }
            return h;
        }
    }

    public ClassifierHead {
        if (weight.length != classes.size() || bias.length != classes.size()) {
            throw new IllegalArgumentException("head " + attribute + ": " + classes.size() + " classes but "
                    + weight.length + " weight rows and " + bias.length + " biases");
        }
        if (hidden != null) {
            for (float[] row : weight) {
                if (row.length != hidden.units()) {
                    throw new IllegalArgumentException("head " + attribute + ": output rows have " + row.length
                            + " values for " + hidden.units() + " hidden units");
                }
            }
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException(
                    "head " + attribute + ": temperature must be positive and finite: " + temperature);
        }
        classes = List.copyOf(classes);
    }

    /** A linear head. */
    public ClassifierHead(String attribute, List<String> classes, float[][] weight, float[] bias, double temperature) {
        this(attribute, classes, null, weight, bias, temperature);
    }

    /** An uncalibrated linear head (temperature 1). */
    public ClassifierHead(String attribute, List<String> classes, float[][] weight, float[] bias) {
        this(attribute, classes, null, weight, bias, 1.0);
    }

    /** The same weights scored at another temperature. */
    public ClassifierHead withTemperature(double t) {
        return new ClassifierHead(attribute, classes, hidden, weight, bias, t);
    }

    /** Hidden units, or 0 for a linear head. */
    public int hiddenUnits() {
        return hidden == null ? 0 : hidden.units();
    }

    public int featureDim() {
        if (hidden != null) {
            return hidden.featureDim();
        }
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

    /** The output layer's values for the feature vector at {@code offset}, before the temperature. */
    public double[] logits(float[] features, int offset) {
        if (hidden == null) {
            return affine(weight, bias, features, offset);
        }
        return affine(weight, bias, hidden.activation(features, offset), 0);
    }

    private static double[] affine(float[][] weight, float[] bias, float[] x, int offset) {
        double[] out = new double[weight.length];
        for (int k = 0; k < weight.length; k++) {
            float[] w = weight[k];
            double z = bias[k];
            for (int j = 0; j < w.length; j++) {
                z += w[j] * x[offset + j];
            }
            out[k] = z;
        }
        return out;
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
