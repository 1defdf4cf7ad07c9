package io.stylesync.training.calibration;

import io.stylesync.common.model.ClassifierHead;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.rootfinder.BrentSolver;

/**
 * Temperature scaling (Guo et al. 2017): the one scalar T that minimises a head's negative log-likelihood of
 * {@code softmax(z / T)} on held-out examples. It changes confidences, never the predicted class.
 *
 * <p>With {@code β = 1/T} the NLL is convex in β (its second derivative is the variance of the logits under the
 * softmax), so its minimum is the single root of the derivative {@code mean(E_softmax[z] - z_y)}, which is monotone;
 * Commons Numbers' Brent solver finds that root exactly, with no step size or iteration count to tune.
 */
public final class TemperatureScaling {

    /** T is kept within [1/MAX_BETA, 1/MIN_BETA]: the ends stand for "no signal" and "separable". */
    static final double MIN_BETA = 0.01;

    static final double MAX_BETA = 100;

    private TemperatureScaling() {}

    /**
     * @param features one raw backbone feature row per example
     * @param y        class index per example; {@code -1} (no target for this head) is skipped
     * @return the fitted temperature; 1 when no example has a target
     */
    public static double fit(ClassifierHead head, float[][] features, int[] y) {
        List<double[]> logits = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < features.length; i++) {
            if (y[i] >= 0) {
                logits.add(head.logits(features[i], 0));
                targets.add(y[i]);
            }
        }
        if (logits.isEmpty()) {
            return 1.0;
        }
        double[][] z = logits.toArray(double[][]::new);
        int[] t = targets.stream().mapToInt(Integer::intValue).toArray();
        if (nllSlope(z, t, MIN_BETA) >= 0) {
            return 1 / MIN_BETA;
        }
        if (nllSlope(z, t, MAX_BETA) <= 0) {
            return 1 / MAX_BETA;
        }
        double beta = new BrentSolver(1e-9, 1e-12, 1e-15).findRoot(b -> nllSlope(z, t, b), MIN_BETA, MAX_BETA);
        return 1 / beta;
    }

    /** Mean negative log-likelihood of {@code softmax(z / temperature)}, for reports and tests. */
    public static double nll(double[][] z, int[] y, double temperature) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double beta = 1 / temperature;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[i]) {
                max = Math.max(max, beta * v);
            }
            double s = 0;
            for (double v : z[i]) {
                s += Math.exp(beta * v - max);
            }
            sum += max + Math.log(s) - beta * z[i][y[i]];
        }
        return sum / z.length;
    }

    /** d NLL / d β at β: the mean over examples of the softmax-expected logit minus the true class's logit. */
    private static double nllSlope(double[][] z, int[] y, double beta) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[i]) {
                max = Math.max(max, beta * v);
            }
            double s = 0;
            double expected = 0;
            for (double v : z[i]) {
                double e = Math.exp(beta * v - max);
                s += e;
                expected += e * v;
            }
            sum += expected / s - z[i][y[i]];
        }
        return sum / z.length;
    }
}
