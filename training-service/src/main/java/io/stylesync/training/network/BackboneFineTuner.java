package io.stylesync.training.network;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.FixedPerVarTracker;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.LinearHead;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.training.augment.ImageAugmenter;
import io.stylesync.training.data.LabelSpace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Fine-tunes a TorchScript backbone together with one linear head per attribute, on images (not cached features):
 * DJL's PyTorch engine loads the file with trainable parameters ({@code trainParam=true}), the parameters outside
 * the {@link FreezePolicy} are frozen ({@link Parameter#freeze}, so autograd does not even compute their
 * gradients), and {@link Trainer} steps Adam with one learning rate for the heads and another for the backbone
 * ({@link FixedPerVarTracker}).
 *
 * <ul>
 *   <li>Heads start from {@code initialHeads} (a linear probe on the frozen features): fine-tuning from a trained
 *       head keeps the first large gradients of random heads from wrecking the pretrained features (LP-FT).</li>
 *   <li>The backbone runs in eval mode throughout ({@code module.eval()}, forward with autograd on): batch norm
 *       uses and keeps its running statistics and dropout is off, so frozen blocks stay exactly as they were,
 *       small CPU batches do not feed noisy batch statistics into the network, and the saved network behaves in
 *       inference exactly as it did in training. Batch-norm scales and shifts of trainable blocks are trained.</li>
 *   <li>Augmentation ({@link ImageAugmenter}) applies to training images only; validation and the saved network
 *       never see it.</li>
 *   <li>After every epoch the validation images are scored with {@link LinearHead#probabilities}; the best epoch
 *       (mean accuracy over heads) is kept: its backbone is written as TorchScript to {@code output} with the JIT
 *       serialiser ({@link JniUtils#writeModule}), so it loads like any exported backbone.</li>
 *   <li>Native memory: each step's inputs live in a sub-manager closed after the step.</li>
 * </ul>
 */
public final class BackboneFineTuner {

    /** Hears about epochs (and may cancel, checked between batches) and about images forwarded. */
    public interface Listener extends EpochListener {
        default void imagesForwarded(int n) {}
    }

    public FineTuneResult train(
            Path backboneFile,
            TrainingImages trainImages,
            Map<String, int[]> trainY,
            TrainingImages valImages,
            Map<String, int[]> valY,
            List<LabelSpace> heads,
            List<LinearHead> initialHeads,
            ImagePreprocessor preprocessor,
            FineTuneConfig config,
            Device device,
            Path output,
            Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (initialHeads.size() != heads.size()) {
            throw new IllegalArgumentException(
                    initialHeads.size() + " initial heads for " + heads.size() + " label spaces");
        }
        List<int[]> targets = new ArrayList<>();
        List<float[]> classWeights = new ArrayList<>();
        for (LabelSpace head : heads) {
            int[] y = trainY.get(head.attribute());
            if (y == null || y.length != trainImages.size()) {
                throw new IllegalArgumentException(
                        "training targets for " + head.attribute() + " do not match the images");
            }
            targets.add(y);
            classWeights.add(
                    config.classWeights() ? HeadTrainer.inverseFrequencyWeights(y, head.size()) : ones(head.size()));
        }
        int dim = initialHeads.getFirst().featureDim();

        try (ZooModel<NDList, NDList> loaded = load(backboneFile, device);
                Model model = Model.newInstance("fine-tune", device, "PyTorch")) {
            PtSymbolBlock backbone = (PtSymbolBlock) loaded.getBlock();
            BackboneBlocks blocks =
                    new BackboneBlocks(List.copyOf(backbone.getParameters().keys()));
            Set<String> trainable = blocks.trainable(config.policy());
            List<Linear> linears = new ArrayList<>();
            for (LabelSpace head : heads) {
                linears.add(Linear.builder().setUnits(head.size()).build());
            }
            Network network =
                    new Network(backbone, new ParallelBlock(TrainingSteps::concatenate, List.copyOf(linears)), dim);
            model.setBlock(network);

            FixedPerVarTracker.Builder rates = FixedPerVarTracker.builder().setDefaultValue(config.headLearningRate());
            for (Pair<String, Parameter> p : backbone.getParameters()) {
                rates.put(p.getValue().getId(), config.backboneLearningRate());
            }
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new WeightedSoftmaxCrossEntropy())
                    .optDevices(new Device[] {device})
                    .optOptimizer(Adam.builder()
                            .optLearningRateTracker(rates.build())
                            .optWeightDecays(config.weightDecay())
                            .build());
            for (int h = 0; h < heads.size(); h++) {
                LinearHead init = initialHeads.get(h);
                if (!init.attribute().equals(heads.get(h).attribute())
                        || init.classes().size() != heads.get(h).size()) {
                    throw new IllegalArgumentException("initial head " + h + " does not match label space "
                            + heads.get(h).attribute());
                }
                Parameter weight = linears.get(h).getParameters().get("weight");
                Parameter bias = linears.get(h).getParameters().get("bias");
                float[] w = flatten(init);
                float[] b = init.bias();
                trainingConfig.optInitializer((m, shape, type) -> m.create(w, shape), p -> p == weight);
                trainingConfig.optInitializer((m, shape, type) -> m.create(b, shape), p -> p == bias);
            }
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                PreprocessConfig pc = preprocessor.config();
                trainer.initialize(new Shape(config.batchSize(), 3, pc.height(), pc.width()));
                // Creating and initialising the trainer marks every parameter trainable again: freeze afterwards.
                int trained = 0;
                for (Pair<String, Parameter> p : backbone.getParameters()) {
                    boolean train = trainable.contains(p.getKey());
                    p.getValue().freeze(!train);
                    trained += train ? 1 : 0;
                }
                Loop loop = new Loop(trainer, network, linears, heads, preprocessor, config, listener);
                return loop.run(
                        trainImages,
                        targets,
                        classWeights,
                        valImages,
                        valY,
                        output,
                        blocks.trainableBlocks(config.policy()),
                        trained);
            }
        }
    }

    private static ZooModel<NDList, NDList> load(Path file, Device device) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("PyTorch")
                .optDevice(device)
                .optTranslator(new NoopTranslator())
                .optOption("trainParam", "true")
                .build();
        try {
            return criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException(
                    "cannot load TorchScript backbone " + file + " for training: " + e.getMessage(), e);
        }
    }

    /** Writes the backbone as a TorchScript archive (what torch.jit.save writes), atomically. */
    static void save(PtSymbolBlock backbone, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".backbone-", ".pt.tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
                JniUtils.writeModule(backbone, out, false);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fine-tuned backbone to " + file, e);
        }
    }

    /** Backbone in eval mode with autograd on, flattened output, then the heads side by side. */
    static final class Network extends AbstractBlock {

        private final PtSymbolBlock backbone;
        private final ParallelBlock heads;
        private final int dim;

        Network(PtSymbolBlock backbone, ParallelBlock heads, int dim) {
            this.backbone = addChildBlock("backbone", backbone);
            this.heads = addChildBlock("heads", heads);
            this.dim = dim;
            JniUtils.enableInferenceMode(backbone);
        }

        /** Backbone output, one row per image; with autograd when {@code training}, else without. */
        NDArray features(NDList images, boolean training) {
            NDArray out = IValueUtils.forward(backbone, images, training).head();
            long n = out.getShape().get(0);
            if (out.getShape().size() != n * dim) {
                throw new IllegalStateException("backbone returned " + out.getShape() + " for " + n
                        + " images, expected " + dim + " features each");
            }
            return out.getShape().dimension() == 2 ? out : out.reshape(n, dim);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            return heads.forward(parameterStore, new NDList(features(inputs, training)), training);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // The backbone's parameters come loaded; only the heads need initialising.
            heads.initialize(manager, dataType, new Shape(inputShapes[0].get(0), dim));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return heads.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), dim)});
        }
    }

    private static final class Loop {
        private final Trainer trainer;
        private final Network network;
        private final List<Linear> linears;
        private final List<LabelSpace> heads;
        private final ImagePreprocessor preprocessor;
        private final FineTuneConfig config;
        private final Listener listener;
        private final ImageAugmenter augmenter;
        private final int tensor;
        private final PreprocessConfig pc;

        Loop(
                Trainer trainer,
                Network network,
                List<Linear> linears,
                List<LabelSpace> heads,
                ImagePreprocessor preprocessor,
                FineTuneConfig config,
                Listener listener) {
            this.trainer = trainer;
            this.network = network;
            this.linears = linears;
            this.heads = heads;
            this.preprocessor = preprocessor;
            this.config = config;
            this.listener = listener;
            this.augmenter = new ImageAugmenter(config.augmentation(), config.seed());
            this.pc = preprocessor.config();
            this.tensor = pc.tensorLength();
        }

        FineTuneResult run(
                TrainingImages train,
                List<int[]> targets,
                List<float[]> classWeights,
                TrainingImages val,
                Map<String, int[]> valY,
                Path output,
                List<String> trainableBlocks,
                int trained) {
            int[] order = labelledRows(targets, train.size());
            if (order.length == 0) {
                throw new IllegalArgumentException("no training image has a target for any head");
            }
            Random random = new Random(config.seed());
            NDManager modelManager = trainer.getModel().getNDManager();
            ReusableInput input = new ReusableInput(config.batchSize() * tensor);
            List<ReusableInput> labelInputs = new ArrayList<>();
            for (LabelSpace head : heads) {
                labelInputs.add(new ReusableInput(config.batchSize() * head.size()));
            }
            float[] batch = new float[config.batchSize() * tensor];
            Path candidate = output.resolveSibling(output.getFileName() + ".best");
            List<Double> losses = new ArrayList<>();
            List<LinearHead> best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            int bestEpoch = 0;
            int epoch = 0;
            boolean cancelled = false;
            double reloadDifference = Double.NaN;
            while (epoch < config.epochs() && !cancelled) {
                epoch++;
                TrainingSteps.shuffle(order, random);
                double lossSum = 0;
                int seen = 0;
                for (int start = 0; start < order.length; start += config.batchSize()) {
                    if (listener.cancelled()) {
                        cancelled = true;
                        break;
                    }
                    int n = Math.min(config.batchSize(), order.length - start);
                    for (int i = 0; i < n; i++) {
                        int example = order[start + i];
                        preprocessor.toTensor(augmenter.apply(train.image(example), epoch, example), batch, i * tensor);
                    }
                    try (NDManager step = modelManager.newSubManager()) {
                        NDList images = new NDList(input.create(step, batch, new Shape(n, 3, pc.height(), pc.width())));
                        NDList labels = new NDList();
                        for (int h = 0; h < heads.size(); h++) {
                            int c = heads.get(h).size();
                            float[] target =
                                    HeadTrainer.targetMatrix(targets.get(h), classWeights.get(h), order, start, n, c);
                            labels.add(labelInputs.get(h).create(step, target, new Shape(n, c)));
                        }
                        lossSum += TrainingSteps.step(trainer, images, labels) * n;
                    }
                    seen += n;
                    listener.imagesForwarded(n);
                }
                if (seen == 0) {
                    break;
                }
                double trainLoss = lossSum / seen;
                losses.add(trainLoss);
                List<LinearHead> current = currentHeads();
                Map<String, Double> accuracy = validationAccuracy(current, val, valY);
                listener.onEpoch(epoch, trainLoss, Collections.unmodifiableMap(accuracy));
                double score = accuracy.isEmpty()
                        ? epoch
                        : accuracy.values().stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElse(0);
                if (score > bestScore) {
                    bestScore = score;
                    bestEpoch = epoch;
                    best = current;
                    save(network.backbone, candidate);
                    reloadDifference = checkReload(candidate, val.size() > 0 ? val : train);
                }
                if (listener.cancelled()) {
                    cancelled = true;
                } else if (!accuracy.isEmpty()
                        && config.earlyStoppingPatience() > 0
                        && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                    break;
                }
            }
            if (best == null) {
                throw new java.util.concurrent.CancellationException(
                        "fine-tuning cancelled before its first epoch ended");
            }
            try {
                Files.move(candidate, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new FineTuneResult(
                    output, best, bestEpoch, epoch, cancelled, losses, trainableBlocks, trained, reloadDifference);
        }

        /**
         * What we publish must behave like what we trained: the saved file, loaded the way inference loads a
         * backbone, must give the in-memory network's outputs on a few unaugmented images.
         *
         * @return the largest absolute difference
         */
        private double checkReload(Path saved, TrainingImages images) {
            int n = Math.min(4, images.size());
            float[] probe = new float[n * tensor];
            for (int i = 0; i < n; i++) {
                preprocessor.toTensor(images.image(i), probe, i * tensor);
            }
            float[] inMemory;
            try (NDManager step = trainer.getModel().getNDManager().newSubManager()) {
                inMemory = network.features(
                                new NDList(step.create(probe, new Shape(n, 3, pc.height(), pc.width()))), false)
                        .toFloatArray();
            }
            float[] reloaded;
            try (TorchScriptModel model = TorchScriptModel.load(saved)) {
                reloaded = model.forward(probe, n, pc.height(), pc.width());
            }
            if (reloaded.length != inMemory.length) {
                throw new IllegalStateException("the saved backbone returns " + reloaded.length
                        + " values, the trained one " + inMemory.length);
            }
            double max = 0;
            for (int i = 0; i < reloaded.length; i++) {
                max = Math.max(max, Math.abs(reloaded[i] - inMemory[i]));
            }
            if (!(max <= 1e-4)) {
                throw new IllegalStateException("the saved backbone differs from the trained one by up to " + max);
            }
            return max;
        }

        private List<LinearHead> currentHeads() {
            List<LinearHead> out = new ArrayList<>(heads.size());
            for (int h = 0; h < heads.size(); h++) {
                LabelSpace space = heads.get(h);
                float[] w =
                        linears.get(h).getParameters().get("weight").getArray().toFloatArray();
                float[] b =
                        linears.get(h).getParameters().get("bias").getArray().toFloatArray();
                int dim = w.length / space.size();
                float[][] weight = new float[space.size()][];
                for (int k = 0; k < space.size(); k++) {
                    weight[k] = java.util.Arrays.copyOfRange(w, k * dim, (k + 1) * dim);
                }
                out.add(new LinearHead(space.attribute(), space.classes(), weight, b));
            }
            return out;
        }

        private Map<String, Double> validationAccuracy(
                List<LinearHead> current, TrainingImages val, Map<String, int[]> valY) {
            Map<String, Double> accuracy = new LinkedHashMap<>();
            if (val.size() == 0) {
                return accuracy;
            }
            long[] correct = new long[current.size()];
            long[] count = new long[current.size()];
            float[] batch = new float[config.batchSize() * tensor];
            NDManager modelManager = trainer.getModel().getNDManager();
            for (int start = 0; start < val.size(); start += config.batchSize()) {
                int n = Math.min(config.batchSize(), val.size() - start);
                for (int i = 0; i < n; i++) {
                    preprocessor.toTensor(val.image(start + i), batch, i * tensor);
                }
                float[] features;
                try (NDManager step = modelManager.newSubManager()) {
                    NDArray x = step.create(
                            java.util.Arrays.copyOf(batch, n * tensor), new Shape(n, 3, pc.height(), pc.width()));
                    features = network.features(new NDList(x), false).toFloatArray();
                }
                listener.imagesForwarded(n);
                int dim = features.length / n;
                for (int i = 0; i < n; i++) {
                    float[] row = java.util.Arrays.copyOfRange(features, i * dim, (i + 1) * dim);
                    for (int h = 0; h < current.size(); h++) {
                        int y = valY.get(current.get(h).attribute())[start + i];
                        if (y < 0) {
                            continue;
                        }
                        count[h]++;
                        if (TrainingSteps.argmax(current.get(h).probabilities(row)) == y) {
                            correct[h]++;
                        }
                    }
                }
            }
            for (int h = 0; h < current.size(); h++) {
                if (count[h] > 0) {
                    accuracy.put(current.get(h).attribute(), (double) correct[h] / count[h]);
                }
            }
            return accuracy;
        }
    }

    private static float[] flatten(LinearHead head) {
        int dim = head.featureDim();
        float[] w = new float[head.classes().size() * dim];
        for (int k = 0; k < head.classes().size(); k++) {
            System.arraycopy(head.weight()[k], 0, w, k * dim, dim);
        }
        return w;
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
        return java.util.Arrays.copyOf(rows, count);
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
