package io.stylesync.training.search;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.stylesync.common.search.HashingTokenizer;
import io.stylesync.common.search.TextEncoder;
import io.stylesync.training.loop.BatchSource;
import io.stylesync.training.loop.EpochDriver;
import io.stylesync.training.loop.FitResult;
import io.stylesync.training.loop.KeepBest;
import io.stylesync.training.loop.Validation;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Locked-image tuning of the text side of text search: the backbone's features stay as they are (cached per
 * dataset version); a {@link DualEncoder} learns to put each caption next to its image with the
 * {@link SymmetricInfoNce} loss over in-batch negatives, by the shared {@link EpochDriver} (so listeners,
 * MLflow and cancellation behave as for the heads). After every epoch the encoder is scored in Java on the
 * validation captions ({@link CaptionRecall}, recall@1/5/10 reported as {@code val.recall_at_k.accuracy}); the
 * best epoch by mean recall is kept, with early stopping.
 *
 * <p>Determinism: initial weights and batch order come from {@code new Random(seed)} in Java, as for the heads.
 * Stateless: concurrent calls each build their own model.
 */
public final class TextEncoderTrainer {

    /** Validation scores every caption against every image: bounded so an epoch's check stays under a second. */
    static final int MAX_VALIDATION_ITEMS = 1000;

    public TextSearchResult train(
            CaptionedImages train, CaptionedImages val, TextSearchConfig config, TrainingListener... listeners) {
        Objects.requireNonNull(config, "config");
        if (train.size() < 2) {
            throw new IllegalArgumentException("text search needs at least 2 training captions, got " + train.size());
        }
        int featureDim = train.features()[0].length;
        HashingTokenizer tokenizer = new HashingTokenizer(config.buckets());
        CaptionedImages validation = val.firstItems(MAX_VALIDATION_ITEMS);
        Random random = new Random(config.seed());
        DualEncoder network = new DualEncoder(config);
        try (Model model = Model.newInstance("text-encoder", Device.cpu(), "PyTorch")) {
            model.setBlock(network);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new SymmetricInfoNce())
                    .optDevices(new Device[] {Device.cpu()})
                    .optOptimizer(Adam.builder()
                            .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .build())
                    .optInitializer(xavierUniform(random), Parameter.Type.WEIGHT)
                    .addTrainingListeners(listeners);
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(
                        new Shape(config.batchSize(), config.buckets()), new Shape(config.batchSize(), featureDim));
                Validation<Snapshot> scoring = t -> {
                    TextEncoder encoder = network.snapshot(tokenizer, config, featureDim);
                    Map<String, Double> recall =
                            validation.size() == 0 ? Map.of() : CaptionRecall.of(encoder, validation);
                    return new Validation.Scored<>(new Snapshot(encoder, network.temperature(), recall), recall);
                };
                FitResult<Snapshot> fit = EpochDriver.fit(
                        trainer,
                        new PairBatches(train, tokenizer, config.batchSize()),
                        config.epochs(),
                        random,
                        scoring,
                        KeepBest.withPatience(config.earlyStoppingPatience()));
                Snapshot best = fit.best();
                return new TextSearchResult(
                        best.encoder(),
                        best.temperature(),
                        best.recall(),
                        fit.bestEpoch(),
                        fit.epochsRun(),
                        fit.cancelled(),
                        fit.trainLoss());
            }
        }
    }

    private record Snapshot(TextEncoder encoder, double temperature, Map<String, Double> recall) {}

    /** Bags of the captions' tokens and their images' L2-normalised features. */
    private static final class PairBatches implements BatchSource {

        private final CaptionedImages pairs;
        private final HashingTokenizer tokenizer;
        private final int batchSize;
        private final int[] examples;

        PairBatches(CaptionedImages pairs, HashingTokenizer tokenizer, int batchSize) {
            this.pairs = pairs;
            this.tokenizer = tokenizer;
            this.batchSize = batchSize;
            this.examples = java.util.stream.IntStream.range(0, pairs.size()).toArray();
        }

        @Override
        public int[] examples() {
            return examples;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public Batch batch(NDManager manager, int[] order, int from, int n, int epoch) {
            int buckets = tokenizer.buckets();
            int dim = pairs.features()[0].length;
            float[] bags = new float[n * buckets];
            float[] images = new float[n * dim];
            for (int i = 0; i < n; i++) {
                int example = order[from + i];
                tokenizer.bag(pairs.captions().get(example), bags, i * buckets);
                float[] x = pairs.features()[pairs.image()[example]];
                double sq = 0;
                for (float v : x) {
                    sq += (double) v * v;
                }
                float inv = sq == 0 ? 0 : (float) (1 / Math.sqrt(sq));
                for (int j = 0; j < dim; j++) {
                    images[i * dim + j] = x[j] * inv;
                }
            }
            NDArray bagArray = manager.create(bags, new Shape(n, buckets));
            NDArray imageArray = manager.create(images, new Shape(n, dim));
            // the loss reads its targets off the logits' diagonal; the label is there for the listeners
            NDArray labels = manager.arange(0, n, 1, DataType.INT32);
            return new Batch(
                    manager, new NDList(bagArray, imageArray), new NDList(labels), n, null, null, from, order.length);
        }
    }

    /** Xavier-uniform for a {@code (units, inputs)} weight, drawn from the run's seeded Java random. */
    private static Initializer xavierUniform(Random random) {
        return (manager, shape, dataType) -> {
            long fanOut = shape.get(0);
            long fanIn = shape.size() / fanOut;
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            return manager.create(values, shape);
        };
    }
}
