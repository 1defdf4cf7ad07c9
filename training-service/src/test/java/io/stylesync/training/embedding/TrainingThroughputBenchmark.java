package io.stylesync.training.embedding;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.SharedData;
import io.stylesync.training.data.FashionProductsSample;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.network.HeadTrainer;
import io.stylesync.training.network.HeadTrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Not a test: prints feature-extraction throughput on real photos and head-training epoch time on 9,000 x 1280
 * features. Run with the test classpath: {@code java -cp ... io.stylesync.training.embedding.TrainingThroughputBenchmark [images]}\n * (0 images: head training only).
 */
public final class TrainingThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 320;
        if (images > 0) {
            extraction(images);
        }
        headTraining();
    }

    private static void extraction(int count) throws Exception {
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults()));
        List<Supplier<byte[]>> all = FashionProductsSample.all().stream()
                .limit(count + 16L)
                .map(FashionProductsSample.Product::bytes)
                .toList();
        List<Supplier<byte[]>> warmUp = all.subList(0, 16);
        List<Supplier<byte[]>> timed = all.subList(16, all.size());

        long t0 = System.nanoTime();
        for (Supplier<byte[]> image : timed) {
            preprocessor.preprocess(image.get());
        }
        double decodeSeconds = (System.nanoTime() - t0) / 1e9;

        try (TorchScriptModel backbone =
                TorchScriptModel.load(SharedData.require("models/mobilenet-v2/backbone-features.pt"))) {
            EmbeddingExtractor extractor = new EmbeddingExtractor(backbone, preprocessor, 16);
            extractor.extract(warmUp, ProgressListener.NONE);
            long t1 = System.nanoTime();
            extractor.extract(timed, ProgressListener.NONE);
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf(
                    "feature extraction, batch 16, %d images: %.1f img/s (%.2f s; read+decode+preprocess alone %.1f img/s)%n",
                    timed.size(), timed.size() / seconds, seconds, timed.size() / decodeSeconds);
        }
    }

    private static void headTraining() {
        int n = 9000;
        int dim = 1280;
        List<LabelSpace> heads = List.of(space("masterCategory", 3), space("articleType", 25), space("baseColour", 40));
        Random random = new Random(1);
        float[][] x = new float[n][dim];
        for (float[] row : x) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) Math.max(0, random.nextGaussian() + 0.5);
            }
        }
        float[][] val = Arrays.copyOf(x, 1000);
        Map<String, int[]> trainY = new java.util.HashMap<>();
        Map<String, int[]> valY = new java.util.HashMap<>();
        for (LabelSpace head : heads) {
            int[] y = random.ints(n, 0, head.size()).toArray();
            trainY.put(head.attribute(), y);
            valY.put(head.attribute(), Arrays.copyOf(y, 1000));
        }
        List<Long> epochEnds = new ArrayList<>();
        long start = System.nanoTime();
        HeadTrainingConfig config = HeadTrainingConfig.defaults().withEpochs(6).withEarlyStoppingPatience(0);
        new HeadTrainer()
                .train(
                        x,
                        trainY,
                        val,
                        valY,
                        heads,
                        config,
                        io.stylesync.training.loop.EpochFigures.listener(f -> epochEnds.add(System.nanoTime())));
        double first = (epochEnds.get(0) - start) / 1e9;
        double rest = (epochEnds.get(epochEnds.size() - 1) - epochEnds.get(0)) / 1e9 / (epochEnds.size() - 1);
        System.out.printf(
                "head training, %d x %d features, heads of 3/25/40 classes, batch %d: first epoch %.2f s "
                        + "(engine start, set-up), then %.2f s per epoch (incl. validation of 1,000 rows)%n",
                n, dim, config.batchSize(), first, rest);
    }

    private static LabelSpace space(String attribute, int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(String.format("%s-%02d", attribute, c));
        }
        return LabelSpace.of(attribute, names);
    }
}
