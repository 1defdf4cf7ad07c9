package io.stylesync.training.network;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.stylesync.common.model.LinearHead;
import io.stylesync.training.data.LabelSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Trains one linear softmax head per attribute on frozen backbone features, all heads in one DJL model on the
 * same input: the loss is the sum of the heads' cross-entropies, optimised with Adam on shuffled mini-batches.
 *
 * <ul>
 *   <li>Targets: {@code trainY.get(attribute)[i]} is a class index of that head's {@link LabelSpace}, or
 *       {@code -1} when example i has no target for it; such an example adds nothing to that head's loss or
 *       accuracy, so heads can be trained on partly labelled rows.</li>
 *   <li>Features are standardised with the training set's per-dimension mean and standard deviation while
 *       training; the returned heads have that folded into W and b, so they score raw features.</li>
 *   <li>Class weights ({@link HeadTrainingConfig#classWeights()}) weight the loss, not the sampling: class c
 *       gets {@code 1 / n_c}, scaled so the weights of the classes present average 1, and each head's loss is
 *       the weighted mean over the batch.</li>
 *   <li>After every epoch each head is scored on the validation set with {@link LinearHead#probabilities}
 *       (the code inference uses) on the current weights. The epoch with the best mean accuracy over heads
 *       wins (the earlier one on ties); training stops after {@code earlyStoppingPatience} epochs without a
 *       better one. Without validation targets there is no early stopping and the last epoch wins.</li>
 *   <li>Determinism: initial weights (Xavier-uniform, biases 0) and the batch order come from
 *       {@code new Random(seed)} in Java, so nothing depends on the engine's global random state, which other
 *       threads may share. Training runs on the CPU; same inputs and seed give bit-identical weights (on the
 *       same machine and PyTorch thread count: the summation order of a parallel matmul depends on it).</li>
 *   <li>Native memory: each step's arrays live in a sub-manager of the model's manager, closed after the step;
 *       only parameters, gradients and Adam's state persist, and the Model and Trainer are closed at the end.</li>
 * </ul>
 * Stateless: concurrent calls each build their own model.
 */
public final class HeadTrainer {

    public TrainingResult train(
            float[][] trainX,
            Map<String, int[]> trainY,
            float[][] valX,
            Map<String, int[]> valY,
            List<LabelSpace> heads,
            HeadTrainingConfig config,
            EpochListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        int dim = validate(trainX, trainY, valX, valY, heads);
        Standardisation standardisation = Standardisation.fit(trainX, dim);
        List<int[]> targets = new ArrayList<>();
        List<float[]> classWeights = new ArrayList<>();
        for (LabelSpace head : heads) {
            int[] y = trainY.get(head.attribute());
            targets.add(y);
            classWeights.add(config.classWeights() ? inverseFrequencyWeights(y, head.size()) : ones(head.size()));
        }
        int[] order = labelledRows(targets, trainX.length);
        if (order.length == 0) {
            throw new IllegalArgumentException("no training example has a target for any head");
        }

        Random random = new Random(config.seed());
        List<Linear> linears = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (LabelSpace head : heads) {
            Linear linear = Linear.builder().setUnits(head.size()).build();
            linears.add(linear);
            blocks.add(linear);
        }
        ParallelBlock block = new ParallelBlock(TrainingSteps::concatenate, blocks);

        try (Model model = Model.newInstance("heads", Device.cpu(), "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new WeightedSoftmaxCrossEntropy())
                    .optDevices(new Device[] {Device.cpu()})
                    .optOptimizer(Adam.builder()
                            .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .optWeightDecays(config.weightDecay())
                            .build());
            for (int h = 0; h < heads.size(); h++) {
                Parameter weight = linears.get(h).getParameters().get("weight");
                trainingConfig.optInitializer(
                        xavierUniform(random, dim, heads.get(h).size()), p -> p == weight);
            }
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(config.batchSize(), dim));
                return loop(
                        trainer,
                        linears,
                        trainX,
                        targets,
                        classWeights,
                        order,
                        valX,
                        valY,
                        heads,
                        standardisation,
                        config,
                        listener,
                        random);
            }
        }
    }

    private TrainingResult loop(
            Trainer trainer,
            List<Linear> linears,
            float[][] trainX,
            List<int[]> targets,
            List<float[]> classWeights,
            int[] order,
            float[][] valX,
            Map<String, int[]> valY,
            List<LabelSpace> heads,
            Standardisation standardisation,
            HeadTrainingConfig config,
            EpochListener listener,
            Random random) {
        int dim = standardisation.dim();
        NDManager modelManager = trainer.getModel().getNDManager();
        List<Double> losses = new ArrayList<>();
        List<LinearHead> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        boolean cancelled = false;
        float[] x = new float[config.batchSize() * dim];
        ReusableInput input = new ReusableInput(x.length);
        List<ReusableInput> labelInputs = new ArrayList<>();
        for (LabelSpace head : heads) {
            labelInputs.add(new ReusableInput(config.batchSize() * head.size()));
        }
        while (epoch < config.epochs()) {
            epoch++;
            TrainingSteps.shuffle(order, random);
            double lossSum = 0;
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int n = Math.min(config.batchSize(), order.length - start);
                for (int i = 0; i < n; i++) {
                    standardisation.apply(trainX[order[start + i]], x, i * dim);
                }
                try (NDManager step = modelManager.newSubManager()) {
                    NDList features = new NDList(input.create(step, x, new Shape(n, dim)));
                    NDList labels = new NDList();
                    for (int h = 0; h < heads.size(); h++) {
                        int c = heads.get(h).size();
                        float[] target = targetMatrix(targets.get(h), classWeights.get(h), order, start, n, c);
                        labels.add(labelInputs.get(h).create(step, target, new Shape(n, c)));
                    }
                    lossSum += TrainingSteps.step(trainer, features, labels) * n;
                }
            }
            double trainLoss = lossSum / order.length;
            losses.add(trainLoss);

            List<LinearHead> current = currentHeads(linears, heads, standardisation);
            Map<String, Double> accuracy = validationAccuracy(current, valX, valY);
            listener.onEpoch(epoch, trainLoss, Collections.unmodifiableMap(accuracy));
            double score = accuracy.isEmpty() ? epoch : mean(accuracy.values());
            if (score > bestScore) {
                bestScore = score;
                bestEpoch = epoch;
                best = current;
            }
            if (listener.cancelled()) {
                cancelled = true;
                break;
            }
            if (!accuracy.isEmpty()
                    && config.earlyStoppingPatience() > 0
                    && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                break;
            }
        }
        return new TrainingResult(best, bestEpoch, epoch, cancelled, losses);
    }

    /** Row i of the batch: {@code w_i / sum(w)} at its class, zeros if it has no target. */
    static float[] targetMatrix(int[] y, float[] classWeights, int[] order, int start, int n, int classes) {
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

    /** The heads as they stand, standardisation folded in, as {@link LinearHead}s on raw features. */
    private static List<LinearHead> currentHeads(List<Linear> linears, List<LabelSpace> heads, Standardisation s) {
        List<LinearHead> out = new ArrayList<>(heads.size());
        for (int h = 0; h < heads.size(); h++) {
            LabelSpace space = heads.get(h);
            float[] w = linears.get(h).getParameters().get("weight").getArray().toFloatArray();
            float[] b = linears.get(h).getParameters().get("bias").getArray().toFloatArray();
            float[][] weight = new float[space.size()][];
            float[] bias = new float[space.size()];
            for (int k = 0; k < space.size(); k++) {
                weight[k] = new float[s.dim()];
                bias[k] = s.fold(w, k * s.dim(), b[k], weight[k]);
            }
            out.add(new LinearHead(space.attribute(), space.classes(), weight, bias));
        }
        return out;
    }

    private static Map<String, Double> validationAccuracy(
            List<LinearHead> heads, float[][] valX, Map<String, int[]> valY) {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (LinearHead head : heads) {
            int[] y = valY.get(head.attribute());
            long correct = 0;
            long count = 0;
            for (int i = 0; i < valX.length; i++) {
                if (y[i] < 0) {
                    continue;
                }
                count++;
                if (TrainingSteps.argmax(head.probabilities(valX[i])) == y[i]) {
                    correct++;
                }
            }
            if (count > 0) {
                accuracy.put(head.attribute(), (double) correct / count);
            }
        }
        return accuracy;
    }

    /** {@code 1 / n_c} for classes with examples, scaled to mean 1 over them; absent classes get 1 (unused). */
    static float[] inverseFrequencyWeights(int[] y, int classes) {
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

    private static Initializer xavierUniform(Random random, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[fanOut * fanIn];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return (manager, shape, dataType) -> manager.create(values, shape);
    }

    private static int[] labelledRows(List<int[]> targets, int n) {
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

    private static int validate(
            float[][] trainX,
            Map<String, int[]> trainY,
            float[][] valX,
            Map<String, int[]> valY,
            List<LabelSpace> heads) {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("no heads to train");
        }
        if (trainX.length == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        int dim = trainX[0].length;
        if (dim == 0) {
            throw new IllegalArgumentException("feature rows are empty");
        }
        checkRows("training", trainX, dim);
        checkRows("validation", valX, dim);
        List<String> seen = new ArrayList<>();
        for (LabelSpace head : heads) {
            if (seen.contains(head.attribute())) {
                throw new IllegalArgumentException("two heads for attribute " + head.attribute());
            }
            seen.add(head.attribute());
            checkTargets("training", head, trainY.get(head.attribute()), trainX.length);
            checkTargets("validation", head, valY.get(head.attribute()), valX.length);
        }
        return dim;
    }

    private static void checkRows(String set, float[][] x, int dim) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != dim) {
                throw new IllegalArgumentException(set + " row " + i + " has " + x[i].length + " features, not " + dim);
            }
            for (float v : x[i]) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(set + " row " + i + " has a non-finite feature");
                }
            }
        }
    }

    private static void checkTargets(String set, LabelSpace head, int[] y, int rows) {
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
    }

    private static double mean(Iterable<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            sum += v;
            n++;
        }
        return sum / n;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }
}
