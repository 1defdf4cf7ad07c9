package io.stylesync.training.network;

/**
 * Per-dimension {@code z = (x - mean) / std} from the training set. A linear head on z is a linear head on x:
 * {@code W z + b = (W / std) x + (b - sum_j W_j mean_j / std_j)}, which {@link #fold} computes.
 */
record Standardisation(double[] mean, double[] inverseStd) {

    /** Standard deviations below this are treated as 1: a constant feature is only centred. */
    static final double MIN_STD = 1e-6;

    static Standardisation fit(float[][] x, int dim) {
        double[] mean = new double[dim];
        for (float[] row : x) {
            for (int j = 0; j < dim; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= x.length;
        }
        double[] variance = new double[dim];
        for (float[] row : x) {
            for (int j = 0; j < dim; j++) {
                double d = row[j] - mean[j];
                variance[j] += d * d;
            }
        }
        double[] inverseStd = new double[dim];
        for (int j = 0; j < dim; j++) {
            double std = Math.sqrt(variance[j] / x.length);
            inverseStd[j] = std < MIN_STD ? 1 : 1 / std;
        }
        return new Standardisation(mean, inverseStd);
    }

    /** No change: mean 0, standard deviation 1 (folding copies the weights exactly). */
    static Standardisation identity(int dim) {
        double[] ones = new double[dim];
        java.util.Arrays.fill(ones, 1);
        return new Standardisation(new double[dim], ones);
    }

    int dim() {
        return mean.length;
    }

    void apply(float[] x, float[] dst, int offset) {
        for (int j = 0; j < mean.length; j++) {
            dst[offset + j] = (float) ((x[j] - mean[j]) * inverseStd[j]);
        }
    }

    /**
     * Writes row {@code w[offset .. offset+dim)} (weights on z) as weights on x into {@code dst}.
     *
     * @return the bias on x
     */
    float fold(float[] w, int offset, float bias, float[] dst) {
        double b = bias;
        for (int j = 0; j < mean.length; j++) {
            double scaled = w[offset + j] * inverseStd[j];
            dst[j] = (float) scaled;
            b -= scaled * mean[j];
        }
        return (float) b;
    }
}
