package io.stylesync.training.loop;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.stylesync.training.data.LabelSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The training targets of every head, as the loss takes them: for head h, a {@code B x C} matrix with
 * {@code w_i / sum(w)} at example i's class and zeros elsewhere ({@code WeightedSoftmaxCrossEntropy}), where
 * {@code w_i} is the class weight of example i's class, and an all-zero row for an example without a target
 * ({@code -1}) for that head.
 *
 * <p>Class weights weight the loss, not the sampling. {@link ClassWeighting#INVERSE_FREQUENCY}: class c gets
 * {@code 1 / n_c}, scaled so the weights of the classes present average 1.
 */
public final class HeadTargets {

    /** How examples of a class weigh in the loss. */
    public enum ClassWeighting {
        NONE,
        INVERSE_FREQUENCY
    }

    private final List<LabelSpace> heads;
    private final List<int[]> targets = new ArrayList<>();
    private final List<float[]> classWeights = new ArrayList<>();
    private final List<ReusableInput> inputs = new ArrayList<>();

    /**
     * @param y         by attribute, one class index of its head (or {@code -1}) per example
     * @param examples  number of examples
     * @param batchSize most examples per batch
     * @throws IllegalArgumentException when a head's targets are missing, of another length or out of range
     */
    public HeadTargets(
            List<LabelSpace> heads, Map<String, int[]> y, int examples, ClassWeighting weighting, int batchSize) {
        this.heads = List.copyOf(heads);
        for (LabelSpace head : heads) {
            int[] t = checked("training", head, y.get(head.attribute()), examples);
            targets.add(t);
            classWeights.add(
                    weighting == ClassWeighting.INVERSE_FREQUENCY
                            ? inverseFrequencyWeights(t, head.size())
                            : ones(head.size()));
            inputs.add(new ReusableInput(batchSize * head.size()));
        }
    }

    /**
     * Checks one head's targets for {@code rows} examples of a set.
     *
     * @return {@code y}
     */
    public static int[] checked(String set, LabelSpace head, int[] y, int rows) {
        if (y == null || y.length != rows) {
            throw new IllegalArgumentException(set + " targets for " + head.attribute() + ": "
                    + (y == null ? "missing" : y.length + " for " + rows + " rows"));
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < -1 || y[i] >= head.size()) {
                throw new IllegalArgumentException(set + " target " + y[i] + " of row " + i + " is not a class of "
                        + head.attribute() + " (" + head.size() + " classes, -1 = none)");
            }
        }
        return y;
    }

    /** Examples with a target for at least one head, in index order. */
    public int[] labelled() {
        int n = targets.getFirst().length;
        int[] rows = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int[] y : targets) {
                if (y[i] >= 0) {
                    rows[count++] = i;
                    break;
                }
            }
        }
        return Arrays.copyOf(rows, count);
    }

    /** One target matrix per head for examples {@code order[from .. from + n)}, created in {@code manager}. */
    public NDList labels(NDManager manager, int[] order, int from, int n) {
        NDList labels = new NDList(heads.size());
        for (int h = 0; h < heads.size(); h++) {
            int c = heads.get(h).size();
            float[] matrix = matrix(targets.get(h), classWeights.get(h), order, from, n, c);
            labels.add(inputs.get(h).create(manager, matrix, new Shape(n, c)));
        }
        return labels;
    }

    /** Row i of the batch: {@code w_i / sum(w)} at its class, zeros if it has no target. */
    static float[] matrix(int[] y, float[] classWeights, int[] order, int start, int n, int classes) {
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            int label = y[order[start + i]];
            if (label >= 0) {
                weightSum += classWeights[label];
            }
        }
        float[] matrix = new float[n * classes];
        if (weightSum > 0) {
            for (int i = 0; i < n; i++) {
                int label = y[order[start + i]];
                if (label >= 0) {
                    matrix[i * classes + label] = (float) (classWeights[label] / weightSum);
                }
            }
        }
        return matrix;
    }

    /** {@code 1 / n_c} for classes with examples, scaled to mean 1 over them; absent classes get 1 (unused). */
    public static float[] inverseFrequencyWeights(int[] y, int classes) {
        long[] counts = new long[classes];
        for (int label : y) {
            if (label >= 0) {
                counts[label]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (long count : counts) {
            if (count > 0) {
                sum += 1.0 / count;
                present++;
            }
        }
        float[] weights = new float[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] == 0 ? 1f : (float) ((1.0 / counts[c]) / (sum / present));
        }
        return weights;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }
}
