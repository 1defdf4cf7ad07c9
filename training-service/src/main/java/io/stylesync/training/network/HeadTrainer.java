package io.stylesync.training.network;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.loop.EpochDriver;
import io.stylesync.training.loop.FitResult;
import io.stylesync.training.loop.HeadTargets;
import io.stylesync.training.loop.InputBatches;
import io.stylesync.training.loop.KeepBest;
import io.stylesync.training.loop.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Trains one softmax head per attribute on frozen backbone features (linear, or with one hidden ReLU layer:
 * {@link HeadTrainingConfig#hiddenUnits}), all heads in one DJL model on the same input: the loss is the sum of the heads' cross-entropies, optimised with Adam on shuffled mini-batches by
 * the {@link EpochDriver}.
 *
 * <ul>
 *   <li>Targets: {@code trainY.get(attribute)[i]} is a class index of that head's {@link LabelSpace}, or
 *       {@code -1} when example i has no target for it; such an example adds nothing to that head's loss or
 *       accuracy, so heads can be trained on partly labelled rows. Class weights: {@link HeadTargets}.</li>
 *   <li>Features are standardised with the training set's per-dimension mean and standard deviation while
 *       training; the returned heads have that folded into their first layer, so they score raw features.</li>
 *   <li>After every epoch each head is scored on the validation set with {@link ClassifierHead#probabilities}
 *       (the code inference uses) on the current weights; the best epoch and early stopping follow
 *       {@link KeepBest}.</li>
 *   <li>Determinism: initial weights (Xavier-uniform, biases 0) and the batch order come from
 *       {@code new Random(seed)} in Java, so nothing depends on the engine's global random state, which other
 *       threads may share. Training runs on the CPU; same inputs and seed give bit-identical weights (on the
 *       same machine and PyTorch thread count: the summation order of a parallel matmul depends on it).</li>
 * </ul>
 * Stateless: concurrent calls each build their own model.
 */
public final class HeadTrainer {

    /**
     * @param listeners DJL training listeners (progress, tracking, cancellation); they hear every batch and epoch
     */
    public TrainingResult train(
            float[][] trainX,
            Map<String, int[]> trainY,
            float[][] valX,
            Map<String, int[]> valY,
            List<LabelSpace> heads,
            HeadTrainingConfig config,
            TrainingListener... listeners) {
        Objects.requireNonNull(config, "config");
        int dim = validate(trainX, valX, valY, heads);
        Standardisation standardisation = Standardisation.fit(trainX, dim);
        HeadTargets targets = new HeadTargets(heads, trainY, trainX.length, config.weighting(), config.batchSize());

        Random random = new Random(config.seed());
        List<HeadLayers> layers = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (LabelSpace head : heads) {
            HeadLayers h = HeadLayers.of(head, config.hiddenUnits());
            layers.add(h);
            blocks.add(h.block());
        }
        try (Model model = Model.newInstance("heads", Device.cpu(), "PyTorch")) {
            model.setBlock(new ParallelBlock(Heads::concatenate, blocks));
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new WeightedSoftmaxCrossEntropy())
                    .optDevices(new Device[] {Device.cpu()})
                    .optOptimizer(Adam.builder()
                            .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .optWeightDecays(config.weightDecay())
                            .build())
                    .addTrainingListeners(listeners);
            for (HeadLayers h : layers) {
                h.initialiseRandomly(trainingConfig, random, dim);
            }
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(config.batchSize(), dim));
                Validation<List<ClassifierHead>> validation = t -> {
                    List<ClassifierHead> current = Heads.snapshot(layers, standardisation);
                    return new Validation.Scored<>(current, Heads.accuracy(current, valX, valY));
                };
                FitResult<List<ClassifierHead>> fit = EpochDriver.fit(
                        trainer,
                        new FeatureBatches(trainX, standardisation, targets, config.batchSize()),
                        config.epochs(),
                        random,
                        validation,
                        KeepBest.withPatience(config.earlyStoppingPatience()));
                return new TrainingResult(
                        fit.best(), fit.bestEpoch(), fit.epochsRun(), fit.cancelled(), fit.trainLoss());
            }
        }
    }

    /** Standardised feature rows and the heads' target matrices. */
    private static final class FeatureBatches extends InputBatches {

        private final float[][] x;
        private final Standardisation standardisation;

        FeatureBatches(float[][] x, Standardisation standardisation, HeadTargets targets, int batchSize) {
            super(targets, batchSize, standardisation.dim());
            this.x = x;
            this.standardisation = standardisation;
        }

        @Override
        protected void fill(float[] rows, int[] order, int from, int n, int epoch) {
            for (int i = 0; i < n; i++) {
                standardisation.apply(x[order[from + i]], rows, i * standardisation.dim());
            }
        }

        @Override
        protected Shape shape(int n) {
            return new Shape(n, standardisation.dim());
        }
    }

    private static int validate(float[][] trainX, float[][] valX, Map<String, int[]> valY, List<LabelSpace> heads) {
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
            HeadTargets.checked("validation", head, valY.get(head.attribute()), valX.length);
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
}
