package io.stylesync.training.evaluation;

import io.stylesync.common.model.ClassifierHead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a head on labelled features with {@link ClassifierHead#probabilities}, the code inference uses, and
 * computes its metrics. The predicted class is the most probable one, the lowest index on ties.
 */
public final class Evaluator {

    static final int CALIBRATION_BINS = 15;
    private static final int TOP_K = 5;

    private Evaluator() {}

    /**
     * @param features one raw backbone feature row per example
     * @param yTrue    class index per example; {@code -1} (no target for this head) is skipped
     * @throws IllegalArgumentException if no example has a target, or one is out of range
     */
    public static HeadEvaluation evaluate(ClassifierHead head, float[][] features, int[] yTrue) {
        if (features.length != yTrue.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + yTrue.length + " targets");
        }
        List<String> classes = head.classes();
        int c = classes.size();
        long[][] confusion = new long[c][c];
        long count = 0;
        long top5Hits = 0;
        long[] binCount = new long[CALIBRATION_BINS];
        long[] binCorrect = new long[CALIBRATION_BINS];
        double[] binConfidence = new double[CALIBRATION_BINS];
        for (int i = 0; i < features.length; i++) {
            int y = yTrue[i];
            if (y == -1) {
                continue;
            }
            if (y < 0 || y >= c) {
                throw new IllegalArgumentException("target " + y + " of example " + i + " is not a class index of "
                        + head.attribute() + " (" + c + " classes)");
            }
            float[] p = head.probabilities(features[i]);
            int predicted = argmax(p);
            confusion[y][predicted]++;
            count++;
            if (rank(p, y) < TOP_K) {
                top5Hits++;
            }
            double confidence = p[predicted];
            int bin = bin(confidence);
            binCount[bin]++;
            binConfidence[bin] += confidence;
            if (predicted == y) {
                binCorrect[bin]++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no example has a target for " + head.attribute());
        }

        long correct = 0;
        for (int k = 0; k < c; k++) {
            correct += confusion[k][k];
        }
        double ece = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (binCount[b] > 0) {
                double accuracy = (double) binCorrect[b] / binCount[b];
                double meanConfidence = binConfidence[b] / binCount[b];
                ece += (double) binCount[b] / count * Math.abs(accuracy - meanConfidence);
            }
        }

        Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        int f1Classes = 0;
        for (int k = 0; k < c; k++) {
            long truePositives = confusion[k][k];
            long support = 0;
            long predicted = 0;
            for (int j = 0; j < c; j++) {
                support += confusion[k][j];
                predicted += confusion[j][k];
            }
            double precision = ratio(truePositives, predicted);
            double recall = ratio(truePositives, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(classes.get(k), new ClassMetrics(precision, recall, f1, support));
            if (support > 0 || predicted > 0) {
                f1Sum += f1;
                f1Classes++;
            }
        }
        return new HeadEvaluation(
                head.attribute(),
                classes,
                count,
                (double) correct / count,
                (double) top5Hits / count,
                f1Sum / f1Classes,
                ece,
                perClass,
                confusion);
    }

    /** Bins are (0, 1/15], (1/15, 2/15], ... (14/15, 1]: upper edges inclusive, as in Guo et al. (2017). */
    static int bin(double confidence) {
        int b = (int) Math.ceil(confidence * CALIBRATION_BINS) - 1;
        return Math.max(0, Math.min(CALIBRATION_BINS - 1, b));
    }

    public static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Position of class y in the ranking argmax uses: higher probability first, then lower index. */
    private static int rank(float[] p, int y) {
        int rank = 0;
        for (int k = 0; k < p.length; k++) {
            if (p[k] > p[y] || (p[k] == p[y] && k < y)) {
                rank++;
            }
        }
        return rank;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
