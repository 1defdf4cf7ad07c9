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
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.FixedPerVarTracker;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.training.augment.ImageAugmenter;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.loop.EpochDriver;
import io.stylesync.training.loop.FitResult;
import io.stylesync.training.loop.HeadTargets;
import io.stylesync.training.loop.InputBatches;
import io.stylesync.training.loop.KeepBest;
import io.stylesync.training.loop.ReusableInput;
import io.stylesync.training.loop.Validation;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 *   <li>The epochs run in the {@link EpochDriver}. After every epoch the validation images are scored with
 *       {@link ClassifierHead#probabilities}; the best epoch ({@link KeepBest}) is kept: its backbone is written as TorchScript to {@code output} with the JIT
 *       serialiser ({@link JniUtils#writeModule}), so it loads like any exported backbone.</li>
 *   <li>Native memory: each step's inputs live in a sub-manager closed after the step.</li>
 * </ul>
 */
public final class BackboneFineTuner {

    /**
     * @param listeners DJL training listeners (progress, tracking, cancellation); they hear every training and
     *                  validation batch (the images forwarded) and every epoch
     */
    public FineTuneResult train(
            Path backboneFile,
            TrainingImages trainImages,
            Map<String, int[]> trainY,
            TrainingImages valImages,
            Map<String, int[]> valY,
            List<LabelSpace> heads,
            List<ClassifierHead> initialHeads,
            ImagePreprocessor preprocessor,
            FineTuneConfig config,
            Device device,
            Path output,
            TrainingListener... listeners) {
        if (initialHeads.size() != heads.size()) {
            throw new IllegalArgumentException(
                    initialHeads.size() + " initial heads for " + heads.size() + " label spaces");
        }
        HeadTargets targets =
                new HeadTargets(heads, trainY, trainImages.size(), config.weighting(), config.batchSize());
        int dim = initialHeads.getFirst().featureDim();

        try (ZooModel<NDList, NDList> loaded = load(backboneFile, device);
                Model model = Model.newInstance("fine-tune", device, "PyTorch")) {
            PtSymbolBlock backbone = (PtSymbolBlock) loaded.getBlock();
            BackboneBlocks blocks =
                    new BackboneBlocks(List.copyOf(backbone.getParameters().keys()));
            Set<String> trainable = blocks.trainable(config.policy());
            List<HeadLayers> layers = new ArrayList<>();
            List<Block> headBlocks = new ArrayList<>();
            for (int h = 0; h < heads.size(); h++) {
                HeadLayers head = HeadLayers.like(heads.get(h), initialHeads.get(h));
                layers.add(head);
                headBlocks.add(head.block());
            }
            Network network = new Network(backbone, new ParallelBlock(Heads::concatenate, headBlocks), dim);
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
                            .build())
                    .addTrainingListeners(listeners);
            for (int h = 0; h < heads.size(); h++) {
                layers.get(h).initialiseFrom(trainingConfig, initialHeads.get(h));
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
                Run run = new Run(trainer, network, layers, preprocessor, config);
                FitResult<List<ClassifierHead>> fit = run.fit(trainImages, targets, valImages, valY, output);
                return new FineTuneResult(
                        output,
                        fit.best(),
                        fit.bestEpoch(),
                        fit.epochsRun(),
                        fit.cancelled(),
                        fit.trainLoss(),
                        blocks.trainableBlocks(config.policy()),
                        trained,
                        run.reloadDifference);
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

    /** Decoded training images, augmented, as tensors, with the heads' target matrices. */
    private static final class ImageBatches extends InputBatches {

        private final TrainingImages images;
        private final ImagePreprocessor preprocessor;
        private final ImageAugmenter augmenter;

        ImageBatches(
                TrainingImages images,
                ImagePreprocessor preprocessor,
                ImageAugmenter augmenter,
                HeadTargets targets,
                int batchSize) {
            super(targets, batchSize, preprocessor.config().tensorLength());
            this.images = images;
            this.preprocessor = preprocessor;
            this.augmenter = augmenter;
        }

        @Override
        protected void fill(float[] rows, int[] order, int from, int n, int epoch) {
            int tensor = preprocessor.config().tensorLength();
            for (int i = 0; i < n; i++) {
                int example = order[from + i];
                preprocessor.toTensor(augmenter.apply(images.image(example), epoch, example), rows, i * tensor);
            }
        }

        @Override
        protected Shape shape(int n) {
            PreprocessConfig pc = preprocessor.config();
            return new Shape(n, 3, pc.height(), pc.width());
        }
    }

    /**
     * One fine-tuning run: the epochs through {@link EpochDriver}, validation on unaugmented images, and each new
     * best epoch's backbone saved beside {@code output} and checked by reloading it.
     */
    private static final class Run {
        private final Trainer trainer;
        private final Network network;
        private final List<HeadLayers> layers;
        private final ImagePreprocessor preprocessor;
        private final FineTuneConfig config;
        private final int tensor;
        private final PreprocessConfig pc;
        private final ReusableInput validationInput;
        private double reloadDifference = Double.NaN;

        Run(
                Trainer trainer,
                Network network,
                List<HeadLayers> layers,
                ImagePreprocessor preprocessor,
                FineTuneConfig config) {
            this.trainer = trainer;
            this.network = network;
            this.layers = layers;
            this.preprocessor = preprocessor;
            this.config = config;
            this.pc = preprocessor.config();
            this.tensor = pc.tensorLength();
            this.validationInput = new ReusableInput(config.batchSize() * tensor);
        }

        FitResult<List<ClassifierHead>> fit(
                TrainingImages train, HeadTargets targets, TrainingImages val, Map<String, int[]> valY, Path output) {
            Path candidate = output.resolveSibling(output.getFileName() + ".best");
            TrainingImages probe = val.size() > 0 ? val : train;
            KeepBest<List<ClassifierHead>> keepBest = new KeepBest<>(config.earlyStoppingPatience(), (epoch, heads) -> {
                save(network.backbone, candidate);
                reloadDifference = checkReload(candidate, probe);
            });
            Standardisation raw = Standardisation.identity(network.dim);
            Validation<List<ClassifierHead>> validation = t -> {
                List<ClassifierHead> current = Heads.snapshot(layers, raw);
                return new Validation.Scored<>(current, Heads.accuracy(current, features(val), valY));
            };
            ImageBatches batches = new ImageBatches(
                    train,
                    preprocessor,
                    new ImageAugmenter(config.augmentation(), config.seed()),
                    targets,
                    config.batchSize());
            FitResult<List<ClassifierHead>> fit =
                    EpochDriver.fit(trainer, batches, config.epochs(), new Random(config.seed()), validation, keepBest);
            try {
                Files.move(candidate, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return fit;
        }

        /** The backbone's features of every image, without autograd; each batch is announced as a validation batch. */
        private float[][] features(TrainingImages images) {
            float[][] rows = new float[images.size()][];
            float[] pixels = new float[config.batchSize() * tensor];
            NDManager modelManager = trainer.getModel().getNDManager();
            for (int start = 0; start < images.size(); start += config.batchSize()) {
                int n = Math.min(config.batchSize(), images.size() - start);
                for (int i = 0; i < n; i++) {
                    preprocessor.toTensor(images.image(start + i), pixels, i * tensor);
                }
                NDManager step = modelManager.newSubManager();
                NDList x = new NDList(validationInput.create(step, pixels, new Shape(n, 3, pc.height(), pc.width())));
                try (Batch batch = new Batch(step, x, new NDList(), n, null, null, start, images.size())) {
                    float[] out = network.features(x, false).toFloatArray();
                    int dim = out.length / n;
                    for (int i = 0; i < n; i++) {
                        rows[start + i] = Arrays.copyOfRange(out, i * dim, (i + 1) * dim);
                    }
                    var data = new TrainingListener.BatchData(batch, Map.of(), Map.of());
                    trainer.notifyListeners(listener -> listener.onValidationBatch(trainer, data));
                }
            }
            return rows;
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
    }
}
