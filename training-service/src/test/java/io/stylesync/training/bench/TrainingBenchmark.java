package io.stylesync.training.bench;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.SharedData;
import io.stylesync.training.augment.Augmentation;
import io.stylesync.training.backbone.BackboneInspector;
import io.stylesync.training.backbone.BackboneResolver;
import io.stylesync.training.data.FashionProductsSample;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.embedding.EmbeddingExtractor;
import io.stylesync.training.embedding.ProgressListener;
import io.stylesync.training.loop.EpochFigures;
import io.stylesync.training.network.BackboneBlocks;
import io.stylesync.training.network.BackboneFineTuner;
import io.stylesync.training.network.FineTuneConfig;
import io.stylesync.training.network.FineTuneResult;
import io.stylesync.training.network.FreezePolicy;
import io.stylesync.training.network.HeadTrainer;
import io.stylesync.training.network.HeadTrainingConfig;
import io.stylesync.training.network.TrainingDevice;
import io.stylesync.training.network.TrainingImages;
import io.stylesync.training.network.TrainingResult;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench-train}: StyleSync's DJL training path against plain PyTorch on the same TorchScript
 * backbone, the same real photos and the same thread count, in one run:
 * <ol>
 *   <li>Backbone forward, batch 16: {@link EmbeddingExtractor} (decode + {@link ImagePreprocessor} +
 *       {@link TorchScriptModel#forward}) on the first {@code bench.images} product photos, and the bare
 *       {@code TorchScriptModel.forward} of one prepared batch.</li>
 *   <li>Head-only training on cached features: {@link HeadTrainer} (two heads, articleType 21 classes and
 *       masterCategory 3, batch 64, Adam 1e-3, no weight decay, no class weights, early stopping off) on the
 *       photos' real features repeated to {@code bench.rows} rows and perturbed ({@code x * (1 + 0.05 N(0,1))},
 *       seeded).</li>
 * Each PyTorch figure comes from {@code tools/bench_train_pytorch.py} ({@code /usr/bin/python3}), run right after
 * the DJL measurement it pairs with ({@code --phase forward}, then {@code --phase train} on the very rows and labels
 * DJL trained on, passed in a temporary file that also carries DJL's features for a cross-check). Every figure
 * is the fastest of {@code bench.reps} timed repetitions after a warm-up, printed with the 1-minute load average.
 *   <li>Fine-tuning the last {@code bench.ftBlocks} blocks ({@link BackboneBlocks}) with the heads:
 *       {@link BackboneFineTuner} on the first {@code bench.ftImages} photos, decoded and resized once, no
 *       augmentation, batch {@code bench.batch}, Adam (heads 1e-3, backbone 1e-4, no weight decay, no class weights),
 *       {@code bench.ftEpochs} epochs, and the same loop in PyTorch ({@code --phase finetune}: eval-mode TorchScript
 *       with only those parameters requiring gradients). Both sides time every step (batch preparation included) and
 *       count the steps after the first two, leaving out the first step of every later epoch (on the DJL side that
 *       interval holds the epoch's end: validation and saving the TorchScript). The last line's ratio is DJL's images/s
 *       over PyTorch's, each from its median timed step (bursts of other processes on a shared machine move a median
 *       least); the ratio from the total timed time is printed above it.</li>
 * </ol>
 * The last line is {@code train_vs_pytorch=<DJL images/s / PyTorch images/s>} for fine-tuning (median steps); the head-only ratio
 * is {@code head_train_vs_pytorch}.
 *
 * <p>Settings (system properties): bench.images (320), bench.batch (16), bench.threads (available cores),
 * bench.only (all, or finetune: section 3 alone), bench.ftImages (160), bench.ftBlocks (4), bench.ftEpochs (3),
 * bench.forwardReps (10 batches per bare-forward timing), bench.rows (9000), bench.epochs (10), bench.reps (3),
 * bench.python (/usr/bin/python3), bench.script (tools/bench_train_pytorch.py), bench.blasDir (a folder with an
 * optimised libblas.so.3 for the PyTorch side, put first on its LD_LIBRARY_PATH; the training figure on the system's
 * libblas.so.3 is then printed too, for reference).
 */
public final class TrainingBenchmark {

    private static final Pattern FIGURE = Pattern.compile("^([a-z0-9_]+)=(\\S+)$");
    private static final int WARMUP_BATCHES = 2;
    private static final int TRAIN_BATCH = 64;
    private static final float LEARNING_RATE = 1e-3f;
    /** Share of the cores used by other processes above which a timing is flagged as disturbed. */
    private static final double DISTURBED = 0.10;

    /**
     * Fastest of the timed repetitions, all of them, the 1-minute load average just before (this benchmark's own
     * threads count in it too), the share of all cores that other processes used during the repetitions, and the
     * last result.
     */
    private record Timing<T>(double best, List<Double> all, double load1, double othersCpu, T result) {}

    /** CPU ticks from /proc: all cores busy, all cores in total, this process (all its threads). */
    private record CpuTicks(long busy, long total, long self) {

        static CpuTicks now() throws IOException {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            long total = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(cpu[i]);
                total += v;
                busy += i == 4 || i == 5 ? 0 : v;
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new CpuTicks(busy, total, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        }

        /** Share of all cores used by other processes since {@code start}. */
        double othersSince(CpuTicks start) {
            long elapsed = total - start.total;
            return elapsed <= 0
                    ? Double.NaN
                    : Math.max(0, (double) (busy - start.busy - (self - start.self)) / elapsed);
        }
    }

    @FunctionalInterface
    private interface Timed<T> {
        T run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        // Before anything touches DJL: offline, and the thread count PyTorch gets.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        if (!"true".equals(System.getenv("OPT_OUT_TRACKING"))) {
            System.out.println("warning: OPT_OUT_TRACKING is not set: DJL may try its telemetry URL");
        }
        int count = Integer.getInteger("bench.images", 320);
        int batch = Integer.getInteger("bench.batch", 16);
        int forwardReps = Integer.getInteger("bench.forwardReps", 10);
        int rows = Integer.getInteger("bench.rows", 9000);
        int epochs = Integer.getInteger("bench.epochs", 10);
        int reps = Integer.getInteger("bench.reps", 3);
        Path model = SharedData.root().resolve("models/mobilenet-v2/backbone-features.pt");
        Path imageDir = SharedData.root().resolve("datasets/fashion-products/images");
        Path script = Path.of(System.getProperty("bench.script", "tools/bench_train_pytorch.py"))
                .toAbsolutePath();
        String python = System.getProperty("bench.python", "/usr/bin/python3");
        // An optimised libblas.so.3 for Debian's python3-torch (built with BLAS_INFO=generic), e.g. OpenBLAS unpacked
        // by make deps-bench-train; without it the heads' matrix products run on the system's libblas.so.3.
        String blasDir = System.getProperty("bench.blasDir", "");
        Map<String, String> blasEnv = !blasDir.isBlank() && Files.isDirectory(Path.of(blasDir))
                ? Map.of(
                        "LD_LIBRARY_PATH",
                        blasDir
                                + (System.getenv("LD_LIBRARY_PATH") == null
                                        ? ""
                                        : ":" + System.getenv("LD_LIBRARY_PATH")))
                : Map.of();
        for (Path p : List.of(model, imageDir, script)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(
                        "missing " + p + " (needs ../shared with the MobileNetV2 backbone and fashion-products)");
            }
        }

        List<FashionProductsSample.Product> all = FashionProductsSample.all();
        List<FashionProductsSample.Product> products = all.subList(0, count);
        List<byte[]> encoded = new ArrayList<>();
        for (FashionProductsSample.Product p : products) {
            encoded.add(Files.readAllBytes(p.image()));
        }
        List<Supplier<byte[]>> images =
                encoded.stream().<Supplier<byte[]>>map(b -> () -> b).toList();
        List<String> common = List.of(
                "--model",
                model.toString(),
                "--images",
                imageDir.toString(),
                "--count",
                Integer.toString(count),
                "--batch",
                Integer.toString(batch),
                "--threads",
                Integer.toString(threads),
                "--warmup",
                Integer.toString(WARMUP_BATCHES),
                "--forward-reps",
                Integer.toString(forwardReps),
                "--epochs",
                Integer.toString(epochs),
                "--train-batch",
                Integer.toString(TRAIN_BATCH),
                "--lr",
                Float.toString(LEARNING_RATE),
                "--reps",
                Integer.toString(reps),
                "--device",
                "cpu");

        System.out.printf(
                "cores=%d threads=%d images=%d (first by id, read into memory first) batch=%d best of %d reps%n",
                Runtime.getRuntime().availableProcessors(), threads, count, batch, reps);
        System.out.printf("backbone=%s%n", model);

        // bench.only=finetune: section 3 alone (its labels need no features; the data file carries zeros for them).
        boolean fineTuneOnly = "finetune".equals(System.getProperty("bench.only", "all"));
        // 1. Backbone forward with DJL.
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults()));
        Timing<float[][]> djlForward = null;
        Timing<Void> djlBare = null;
        if (!fineTuneOnly)
            try (TorchScriptModel backbone = TorchScriptModel.load(model)) {
                System.out.printf(
                        "djl: DJL %s, PyTorch engine %s (libtorch in the JVM), device %s, intra-op threads %d%n",
                        ai.djl.engine.Engine.getDjlVersion(),
                        ai.djl.engine.Engine.getEngine("PyTorch").getVersion(),
                        backbone.device(),
                        ai.djl.pytorch.jni.JniUtils.getNumThreads());
                EmbeddingExtractor extractor = new EmbeddingExtractor(backbone, preprocessor, batch);
                extractor.extract(images.subList(0, Math.min(count, WARMUP_BATCHES * batch)), ProgressListener.NONE);
                djlForward = bestOf(reps, () -> extractor.extract(images, ProgressListener.NONE));

                int tensor = preprocessor.config().tensorLength();
                float[] prepared = new float[batch * tensor];
                for (int i = 0; i < batch; i++) {
                    System.arraycopy(preprocessor.preprocess(encoded.get(i)), 0, prepared, i * tensor, tensor);
                }
                for (int i = 0; i < WARMUP_BATCHES; i++) {
                    backbone.forward(prepared, batch, 224, 224);
                }
                djlBare = bestOf(reps, () -> {
                    for (int i = 0; i < forwardReps; i++) {
                        backbone.forward(prepared, batch, 224, 224);
                    }
                    return null;
                });
            }
        float[][] features = fineTuneOnly ? new float[count][1280] : djlForward.result();
        int dim = features[0].length;

        // Head training data: the real features repeated and perturbed; label spaces fitted on the whole styles.csv.
        List<LabelSpace> heads = List.of(
                LabelSpace.fit(
                        "articleType",
                        all.stream().map(p -> p.labels().get("articleType")).toList(),
                        20,
                        1),
                LabelSpace.fit(
                        "masterCategory",
                        all.stream().map(p -> p.labels().get("masterCategory")).toList(),
                        2,
                        1));
        Random random = new Random(42);
        float[][] x = new float[rows][dim];
        for (int i = 0; i < rows; i++) {
            float[] source = features[i % count];
            for (int j = 0; j < dim; j++) {
                x[i][j] = (float) (source[j] * (1 + 0.05 * random.nextGaussian()));
            }
        }
        Map<String, int[]> y = new LinkedHashMap<>();
        Map<String, int[]> noValidation = new LinkedHashMap<>();
        for (LabelSpace head : heads) {
            int[] base = head.indices(
                    products.stream().map(p -> p.labels().get(head.attribute())).toList());
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = base[i % count];
            }
            y.put(head.attribute(), labels);
            noValidation.put(head.attribute(), new int[0]);
        }

        Path data = Files.createTempFile("bench-train", ".bin");
        try {
            write(data, features, x, heads, y);
            List<String> dataArgs = List.of("--train-data", data.toString());
            if (fineTuneOnly) {
                System.out.printf(
                        "train_vs_pytorch=%.2f%n",
                        fineTune(
                                model,
                                encoded,
                                preprocessor,
                                heads,
                                y,
                                batch,
                                python,
                                script,
                                common,
                                dataArgs,
                                blasEnv));
                return;
            }
            // 1. The same forward in PyTorch, right after DJL's.
            Map<String, String> torchForward = runPython(python, script, common, dataArgs, "forward", blasEnv);

            // 2. Head-only training: HeadTrainer, then the same loop in PyTorch.
            HeadTrainingConfig config =
                    new HeadTrainingConfig(epochs, TRAIN_BATCH, LEARNING_RATE, 0f, 0, false, 0, 42L);
            HeadTrainer trainer = new HeadTrainer();
            // Warm-up: two runs as long as a timed one, timed apart: the first is this JVM's first training run. DJL's
            // per-step Java code runs once per step, so the JIT takes a few thousand steps to compile it fully.
            List<Double> warmups = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                trainer.train(x, y, new float[0][], noValidation, heads, config.withSeed(43L + i));
                warmups.add((System.nanoTime() - start) / 1e9);
            }
            Timing<TrainingResult> djlTrain =
                    bestOf(reps, () -> trainer.train(x, y, new float[0][], noValidation, heads, config));
            Map<String, String> torchTrain = runPython(python, script, common, dataArgs, "train", blasEnv);
            Map<String, String> torchTrainSystemBlas =
                    blasEnv.isEmpty() ? null : runPython(python, script, common, dataArgs, "train", Map.of());

            System.out.printf(
                    "pytorch: torch %s (%s), device %s, intra-op threads %s; forward with torch.jit.load + "
                            + "torch.no_grad(), decode with PIL%n",
                    torchForward.get("torch_version"), python, torchForward.get("device"), torchForward.get("threads"));
            System.out.printf(
                    "pytorch blas: %s%s%n",
                    torchTrain.get("blas"),
                    blasEnv.isEmpty()
                            ? " (no bench.blasDir: the system's libblas.so.3)"
                            : " (LD_LIBRARY_PATH=" + blasDir + ")");
            System.out.printf(
                    "backbone features of the %d photos, DJL vs PyTorch: max |diff| = %s%n",
                    count, torchForward.getOrDefault("features_max_abs_diff_vs_djl", "n/a"));
            System.out.println();
            System.out.printf(
                    "1. backbone forward, batch %d, images/s (best of %d; all reps in s; 1-min load average before "
                            + "the reps, this benchmark included; others = share of the %d cores other processes used during "
                            + "the reps)%n",
                    batch, reps, Runtime.getRuntime().availableProcessors());
            double e2e = row("decode+preprocess+forward", count, djlForward, torchForward, "forward_e2e");
            double bare =
                    row("bare forward, prepared batch", forwardReps * batch, djlBare, torchForward, "forward_bare");
            System.out.printf(
                    "2. head-only training on cached features, samples/s (epochs x rows / s, best of %d): "
                            + "%d x %d real features (the %d photos' DJL features repeated, x*(1+0.05N(0,1))), heads %s %d + "
                            + "%s %d classes (label spaces of all of styles.csv), batch %d, Adam lr %s, %d epochs, "
                            + "no early stopping, no class weights, no weight decay%n",
                    reps,
                    rows,
                    dim,
                    count,
                    heads.get(0).attribute(),
                    heads.get(0).size(),
                    heads.get(1).attribute(),
                    heads.get(1).size(),
                    TRAIN_BATCH,
                    LEARNING_RATE,
                    epochs);
            double train = row("HeadTrainer vs nn.Linear loop", (long) epochs * rows, djlTrain, torchTrain, "train");
            List<Double> losses = djlTrain.result().trainLoss();
            System.out.printf(
                    "   final epoch loss: djl %.6f  pytorch %s%n",
                    losses.get(losses.size() - 1), torchTrain.get("train_final_epoch_loss"));
            System.out.printf(
                    "   untimed warm-up runs before those: djl %s s (the first one: %.1f samples/s, this JVM's first "
                            + "training run), pytorch %s s%n",
                    seconds(warmups), epochs * rows / warmups.get(0), torchTrain.get("train_warmup_seconds"));
            if (torchTrainSystemBlas != null) {
                System.out.printf(
                        "   for reference, pytorch on the system's libblas.so.3 (%s): %.1f samples/s (%.2f s; all %s; "
                                + "load %.2f, others %s), djl/that = %.2f%n",
                        torchTrainSystemBlas.get("blas"),
                        Double.parseDouble(torchTrainSystemBlas.get("train_samples_per_s")),
                        Double.parseDouble(torchTrainSystemBlas.get("train_seconds")),
                        torchTrainSystemBlas.get("train_all_seconds"),
                        Double.parseDouble(torchTrainSystemBlas.get("load1_train")),
                        percent(Double.parseDouble(torchTrainSystemBlas.getOrDefault("others_cpu_train", "NaN"))),
                        epochs
                                * rows
                                / djlTrain.best()
                                / Double.parseDouble(torchTrainSystemBlas.get("train_samples_per_s")));
            }
            System.out.println();
            List<String> disturbed = new ArrayList<>();
            disturbed(disturbed, "djl forward", djlForward.othersCpu());
            disturbed(disturbed, "djl bare forward", djlBare.othersCpu());
            disturbed(disturbed, "djl training", djlTrain.othersCpu());
            for (String key : List.of("forward", "forward_bare")) {
                disturbed(
                        disturbed,
                        "pytorch " + key,
                        Double.parseDouble(torchForward.getOrDefault("others_cpu_" + key, "NaN")));
            }
            disturbed(
                    disturbed,
                    "pytorch training",
                    Double.parseDouble(torchTrain.getOrDefault("others_cpu_train", "NaN")));
            if (torchTrainSystemBlas != null) {
                disturbed(
                        disturbed,
                        "pytorch training on the system BLAS",
                        Double.parseDouble(torchTrainSystemBlas.getOrDefault("others_cpu_train", "NaN")));
            }
            if (!disturbed.isEmpty()) {
                System.out.printf(
                        "warning: other processes used over %.0f%% of the cores during %s: those figures are not "
                                + "comparable, re-run on a quiet machine%n",
                        100 * DISTURBED, String.join(", ", disturbed));
            }
            double fineTune =
                    fineTune(model, encoded, preprocessor, heads, y, batch, python, script, common, dataArgs, blasEnv);
            System.out.printf("forward_bare_vs_pytorch=%.2f%n", bare);
            System.out.printf("forward_vs_pytorch=%.2f%n", e2e);
            System.out.printf("head_train_vs_pytorch=%.2f%n", train);
            System.out.printf("train_vs_pytorch=%.2f%n", fineTune);
        } finally {
            Files.deleteIfExists(data);
        }
    }

    /** Section 3: fine-tuning the last blocks, DJL then PyTorch; prints both and returns DJL's rate / PyTorch's. */
    private static double fineTune(
            Path model,
            List<byte[]> encoded,
            ImagePreprocessor preprocessor,
            List<LabelSpace> heads,
            Map<String, int[]> y,
            int batch,
            String python,
            Path script,
            List<String> common,
            List<String> dataArgs,
            Map<String, String> blasEnv)
            throws Exception {
        int images = Integer.getInteger("bench.ftImages", 160);
        int blocks = Integer.getInteger("bench.ftBlocks", 4);
        int epochs = Integer.getInteger("bench.ftEpochs", 3);
        float headLr = 1e-3f;
        float backboneLr = 1e-4f;
        if (images > encoded.size()) {
            throw new IllegalArgumentException("bench.ftImages " + images + " > bench.images " + encoded.size());
        }
        FreezePolicy policy = FreezePolicy.lastBlocks(blocks);
        BackboneBlocks backboneBlocks =
                new BackboneInspector().blocks(new BackboneResolver.Backbone(model, "bench", model.toString()));
        List<String> trainable = List.copyOf(backboneBlocks.trainable(policy));
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<RgbImage> resized = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            resized.add(preprocessor.resize(decoder.decode(encoded.get(i))));
        }
        TrainingImages train = new TrainingImages() {
            @Override
            public int size() {
                return images;
            }

            @Override
            public RgbImage image(int index) {
                return resized.get(index);
            }
        };
        TrainingImages noValidation = new TrainingImages() {
            @Override
            public int size() {
                return 0;
            }

            @Override
            public RgbImage image(int index) {
                throw new IndexOutOfBoundsException(index);
            }
        };
        Map<String, int[]> trainY = new LinkedHashMap<>();
        Map<String, int[]> valY = new LinkedHashMap<>();
        List<ClassifierHead> initial = new ArrayList<>();
        Random random = new Random(42);
        for (LabelSpace head : heads) {
            trainY.put(head.attribute(), java.util.Arrays.copyOf(y.get(head.attribute()), images));
            valY.put(head.attribute(), new int[0]);
            float[][] w = new float[head.size()][1280];
            for (float[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (0.01 * random.nextGaussian());
                }
            }
            initial.add(new ClassifierHead(head.attribute(), head.classes(), w, new float[head.size()]));
        }
        FineTuneConfig config =
                new FineTuneConfig(policy, epochs, batch, headLr, backboneLr, 0f, 0, false, 42L, Augmentation.none());
        List<Long> stamps = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> counted = new ArrayList<>();
        int[] epochNow = {1};
        int[] stepInEpoch = {0};
        Path out = Files.createTempDirectory("bench-finetune");
        double load = load1();
        CpuTicks ticks = CpuTicks.now();
        long[] last = {System.nanoTime()};
        FineTuneResult result;
        try {
            result = new BackboneFineTuner()
                    .train(
                            model,
                            train,
                            trainY,
                            noValidation,
                            valY,
                            heads,
                            initial,
                            preprocessor,
                            config,
                            TrainingDevice.choose(),
                            out.resolve("backbone.pt"),
                            new TrainingListenerAdapter() {
                                @Override
                                public void onEpoch(Trainer trainer) {
                                    epochNow[0] = EpochFigures.of(trainer).epoch() + 1;
                                    stepInEpoch[0] = 0;
                                }

                                @Override
                                public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                                    stamp(batchData.getBatch().getSize());
                                }

                                @Override
                                public void onValidationBatch(Trainer trainer, BatchData batchData) {
                                    stamp(batchData.getBatch().getSize());
                                }

                                private void stamp(int n) {
                                    long now = System.nanoTime();
                                    stamps.add(now - last[0]);
                                    last[0] = now;
                                    sizes.add(n);
                                    counted.add(stamps.size() > WARMUP_BATCHES
                                            && !(epochNow[0] > 1 && stepInEpoch[0] == 0));
                                    stepInEpoch[0]++;
                                }
                            });
        } finally {
            try (var files = Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        double others = CpuTicks.now().othersSince(ticks);
        double seconds = 0;
        long amount = 0;
        for (int i = 0; i < stamps.size(); i++) {
            if (counted.get(i)) {
                seconds += stamps.get(i) / 1e9;
                amount += sizes.get(i);
            }
        }
        double djlRate = amount / seconds;
        List<Double> djlSteps = new ArrayList<>();
        for (int i = 0; i < stamps.size(); i++) {
            if (counted.get(i)) {
                djlSteps.add(stamps.get(i) / 1e9);
            }
        }
        List<String> args = new ArrayList<>(List.of(
                "--ft-images",
                Integer.toString(images),
                "--ft-epochs",
                Integer.toString(epochs),
                "--ft-trainable",
                String.join(",", trainable),
                "--ft-lr-heads",
                Float.toString(headLr),
                "--ft-lr-backbone",
                Float.toString(backboneLr)));
        args.addAll(dataArgs);
        Map<String, String> torch = runPython(python, script, common, args, "finetune", blasEnv);
        double torchRate = Double.parseDouble(torch.get("finetune_images_per_s"));
        // The same steps on the PyTorch side: its step times in order, with the mask both sides use.
        List<Double> torchSteps = new ArrayList<>();
        String[] torchAll = torch.get("finetune_step_seconds").split(",");
        int stepsPerEpoch = (images + batch - 1) / batch;
        for (int i = 0; i < torchAll.length; i++) {
            if (i >= WARMUP_BATCHES && !(i >= stepsPerEpoch && i % stepsPerEpoch == 0)) {
                torchSteps.add(Double.parseDouble(torchAll[i]));
            }
        }
        double djlMedian = batch / median(djlSteps);
        double torchMedian = batch / median(torchSteps);
        double torchOthers = Double.parseDouble(torch.getOrDefault("others_cpu_finetune", "NaN"));
        System.out.printf(
                "3. fine-tuning the last %d blocks (%s: %d parameter tensors) with the heads, images/s: %d photos "
                        + "224x224 decoded once, no augmentation, batch %d, Adam heads %s backbone %s, %d epochs, eval-mode "
                        + "backbone; %d of %d steps timed (first %d and each later epoch's first left out)%n",
                blocks,
                String.join(",", result.trainableBlocks()),
                trainable.size(),
                images,
                batch,
                headLr,
                backboneLr,
                epochs,
                counted.stream().filter(c -> c).count(),
                counted.size(),
                WARMUP_BATCHES);
        System.out.printf(
                "   %-30s djl %8.2f (%.2f s timed; load %.2f, others %s)   pytorch %8.2f (%.2f s timed; load %.2f, "
                        + "others %s)%n",
                "BackboneFineTuner vs loop",
                djlRate,
                seconds,
                load,
                percent(others),
                torchRate,
                Double.parseDouble(torch.get("finetune_seconds")),
                Double.parseDouble(torch.get("load1_finetune")),
                percent(torchOthers));
        System.out.printf(
                "   %-30s djl %8.2f (median of %d steps %.3f s)   pytorch %8.2f (median of %d steps %.3f s)%n",
                "same, from the median step",
                djlMedian,
                djlSteps.size(),
                median(djlSteps),
                torchMedian,
                torchSteps.size(),
                median(torchSteps));
        System.out.printf(
                "   djl step seconds %s%n   pytorch step seconds %s%n",
                String.join(
                        ",",
                        stamps.stream().map(t -> String.format("%.3f", t / 1e9)).toList()),
                torch.get("finetune_step_seconds"));
        if (others > DISTURBED || torchOthers > DISTURBED) {
            System.out.printf(
                    "warning: other processes used over %.0f%% of the cores during fine-tuning (djl %s, pytorch %s): "
                            + "not comparable, re-run on a quiet machine%n",
                    100 * DISTURBED, percent(others), percent(torchOthers));
        }
        System.out.printf(
                "   ratio from total time %.2f, from the median step %.2f (the median is what other processes' bursts "
                        + "on this shared machine disturb least; the last line reports it)%n",
                djlRate / torchRate, djlMedian / torchMedian);
        return djlMedian / torchMedian;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Prints one comparison line and returns DJL's rate / PyTorch's. */
    private static double row(String what, long amount, Timing<?> djl, Map<String, String> torch, String key) {
        double djlRate = amount / djl.best();
        double torchRate =
                Double.parseDouble(torch.get(key + (key.equals("train") ? "_samples_per_s" : "_images_per_s")));
        String loadKey = key.equals("forward_e2e") ? "forward" : key;
        System.out.printf(
                "   %-30s djl %8.1f (%.2f s; all %s; load %.2f, others %s)   pytorch %8.1f (%.2f s; all %s; "
                        + "load %.2f, others %s)%n",
                what,
                djlRate,
                djl.best(),
                seconds(djl.all()),
                djl.load1(),
                percent(djl.othersCpu()),
                torchRate,
                Double.parseDouble(torch.get(key + "_seconds")),
                torch.get(key + "_all_seconds"),
                Double.parseDouble(torch.get("load1_" + loadKey)),
                percent(Double.parseDouble(torch.getOrDefault("others_cpu_" + loadKey, "NaN"))));
        return djlRate / torchRate;
    }

    private static void disturbed(List<String> names, String name, double othersCpu) {
        if (othersCpu > DISTURBED) {
            names.add(name + " (" + percent(othersCpu) + ")");
        }
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format("%.0f%%", 100 * share);
    }

    private static String seconds(List<Double> all) {
        return String.join(",", all.stream().map(s -> String.format("%.3f", s)).toList());
    }

    private static <T> Timing<T> bestOf(int reps, Timed<T> timed) throws Exception {
        double load = load1();
        CpuTicks ticks = CpuTicks.now();
        List<Double> all = new ArrayList<>();
        T result = null;
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            result = timed.run();
            all.add((System.nanoTime() - start) / 1e9);
        }
        return new Timing<>(
                all.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                all,
                load,
                CpuTicks.now().othersSince(ticks),
                result);
    }

    private static Map<String, String> runPython(
            String python,
            Path script,
            List<String> common,
            List<String> dataArgs,
            String phase,
            Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(common);
        command.addAll(dataArgs);
        command.addAll(List.of("--phase", phase));
        System.out.println("running " + (env.isEmpty() ? "" : env + " ") + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        Map<String, String> figures = new LinkedHashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = FIGURE.matcher(line.strip());
                if (m.matches()) {
                    figures.put(m.group(1), m.group(2));
                } else {
                    System.out.println("[pytorch] " + line);
                }
            }
        }
        int exit = process.waitFor();
        String needed = switch (phase) {
            case "train" -> "train_samples_per_s";
            case "finetune" -> "finetune_images_per_s";
            default -> "forward_bare_images_per_s";
        };
        if (exit != 0 || !figures.containsKey(needed)) {
            throw new IllegalStateException(
                    script.getFileName() + " --phase " + phase + " failed (exit " + exit + "), figures: " + figures);
        }
        return figures;
    }

    /** The layout {@code bench_train_pytorch.py --train-data} reads (little-endian). */
    private static void write(Path file, float[][] base, float[][] x, List<LabelSpace> heads, Map<String, int[]> y)
            throws IOException {
        int dim = base[0].length;
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
            out.writeBytes("SSBT");
            ByteBuffer header = ByteBuffer.allocate(4 * (5 + heads.size())).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(1).putInt(base.length).putInt(x.length).putInt(dim).putInt(heads.size());
            heads.forEach(h -> header.putInt(h.size()));
            out.write(header.array());
            ByteBuffer row = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] matrix : List.of(base, x)) {
                for (float[] r : matrix) {
                    row.clear();
                    row.asFloatBuffer().put(r);
                    out.write(row.array());
                }
            }
            for (LabelSpace head : heads) {
                int[] labels = y.get(head.attribute());
                ByteBuffer buffer = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asIntBuffer().put(labels);
                out.write(buffer.array());
            }
        }
    }

    private static double load1() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
