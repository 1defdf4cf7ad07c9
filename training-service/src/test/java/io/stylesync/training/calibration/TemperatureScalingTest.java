package io.stylesync.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.model.ClassifierHead;
import io.stylesync.training.evaluation.Evaluator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

    private static final int CLASSES = 6;
    private static final double OVERCONFIDENCE = 3.0;

    /** Identity weights: the features are the logits. */
    private static final ClassifierHead HEAD = identityHead();

    /**
     * Labels drawn from softmax(g), so softmax(g) is calibrated by construction; the head sees 3·g, an over-confident
     * model with the same ranking. The fit must find T near 3 on one sample and lower ECE and NLL on another.
     */
    @Test
    void fittedTemperatureUndoesOverconfidenceOnHeldOutExamples() {
        Random random = new Random(7);
        Sample val = sample(random, 4000);
        Sample test = sample(random, 4000);

        double t = TemperatureScaling.fit(HEAD, val.x, val.y);

        assertThat(t).isCloseTo(OVERCONFIDENCE, within(0.3));
        ClassifierHead calibrated = HEAD.withTemperature(t);
        double eceBefore = Evaluator.evaluate(HEAD, test.x, test.y).expectedCalibrationError();
        double eceAfter = Evaluator.evaluate(calibrated, test.x, test.y).expectedCalibrationError();
        assertThat(eceBefore).isGreaterThan(0.1);
        assertThat(eceAfter).isLessThan(0.03).isLessThan(eceBefore / 4);
        double[][] z = logits(test.x);
        assertThat(TemperatureScaling.nll(z, test.y, t)).isLessThan(TemperatureScaling.nll(z, test.y, 1.0) - 0.1);
        assertThat(Evaluator.evaluate(calibrated, test.x, test.y).accuracy())
                .as("scaling never changes the predicted class")
                .isEqualTo(Evaluator.evaluate(HEAD, test.x, test.y).accuracy());
    }

    @Test
    void underconfidentLogitsGetATemperatureBelowOne() {
        Random random = new Random(11);
        Sample val = sample(random, 3000);
        for (float[] row : val.x) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= (float) (OVERCONFIDENCE * OVERCONFIDENCE);
            }
        }
        assertThat(TemperatureScaling.fit(HEAD, val.x, val.y)).isCloseTo(1 / OVERCONFIDENCE, within(0.05));
    }

    @Test
    void examplesWithoutATargetAreSkippedAndNoneLeavesTheLogitsAlone() {
        float[][] x = {{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}};
        assertThat(TemperatureScaling.fit(HEAD, x, new int[] {-1, -1})).isEqualTo(1.0);
    }

    private record Sample(float[][] x, int[] y) {}

    private static Sample sample(Random random, int n) {
        float[][] x = new float[n][CLASSES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] g = new double[CLASSES];
            for (int k = 0; k < CLASSES; k++) {
                g[k] = 1.5 * random.nextGaussian();
            }
            float[] p = ClassifierHead.softmax(g, 1.0);
            double u = random.nextDouble();
            int label = CLASSES - 1;
            for (int k = 0; k < CLASSES; k++) {
                u -= p[k];
                if (u < 0) {
                    label = k;
                    break;
                }
            }
            y[i] = label;
            for (int k = 0; k < CLASSES; k++) {
                x[i][k] = (float) (OVERCONFIDENCE * g[k]);
            }
        }
        return new Sample(x, y);
    }

    private static double[][] logits(float[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = HEAD.logits(x[i], 0);
        }
        return z;
    }

    private static ClassifierHead identityHead() {
        float[][] w = new float[CLASSES][CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            w[k][k] = 1;
        }
        return new ClassifierHead("synthetic", List.of("a", "b", "c", "d", "e", "f"), w, new float[CLASSES]);
    }
}
