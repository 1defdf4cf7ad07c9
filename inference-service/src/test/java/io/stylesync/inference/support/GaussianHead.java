package io.stylesync.inference.support;

import io.stylesync.common.model.ClassifierHead;
import java.util.List;

/**
 * A head fitted in closed form, for tests and benchmarks that need a real model without
 * training-service: a Gaussian classifier with class priors and one shared isotropic variance s2,
 * which is linear in x: W_k = mu_k / s2, b_k = -|mu_k|^2 / (2 s2) + log prior_k.
 */
public final class GaussianHead {

    private GaussianHead() {}

    /**
     * @param labels the class of each row of {@code x}
     * @param scale  divides s2: 1 is the fitted model; other values sharpen or flatten its probabilities
     */
    public static ClassifierHead fit(
            String attribute, List<String> classes, List<String> labels, float[][] x, double scale) {
        int c = classes.size();
        int dim = x[0].length;
        double[][] mean = new double[c][dim];
        int[] count = new int[c];
        for (int i = 0; i < x.length; i++) {
            int k = classes.indexOf(labels.get(i));
            count[k]++;
            for (int j = 0; j < dim; j++) {
                mean[k][j] += x[i][j];
            }
        }
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < dim; j++) {
                mean[k][j] /= Math.max(1, count[k]);
            }
        }
        double within = 0;
        for (int i = 0; i < x.length; i++) {
            int k = classes.indexOf(labels.get(i));
            for (int j = 0; j < dim; j++) {
                double d = x[i][j] - mean[k][j];
                within += d * d;
            }
        }
        double s2 = within / ((double) x.length * dim) / scale;
        float[][] w = new float[c][dim];
        float[] b = new float[c];
        for (int k = 0; k < c; k++) {
            double sq = 0;
            for (int j = 0; j < dim; j++) {
                w[k][j] = (float) (mean[k][j] / s2);
                sq += mean[k][j] * mean[k][j];
            }
            b[k] = (float) (-sq / (2 * s2) + Math.log(Math.max(1, count[k]) / (double) x.length));
        }
        return new ClassifierHead(attribute, classes, w, b);
    }
}
