package io.stylesync.inference.support;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.embedding.EmbeddingCache;
import io.stylesync.common.embedding.EmbeddingKey;
import io.stylesync.common.embedding.Embeddings;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowRun;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.Prerequisites;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real model bundle for inference tests, built without training-service: the shared MobileNetV2
 * backbone embeds a dataset version's train split, and each head is a {@link GaussianHead}. It is published the way training-service publishes: artifacts under
 * {@code model/} of an MLflow run, a registered version, an alias.
 */
public final class ModelFixture {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Built(
            Path dir, float[][] trainX, List<DatasetRecord> train, float[][] testX, List<DatasetRecord> test) {}

    /** The bucket inference tests keep their datasets and shared embeddings in. */
    public static final String BUCKET = "stylesync";

    /**
     * A fixture dataset version in real S3 and a model built over it under {@code work/bundle}: what most
     * inference tests start from.
     */
    public record LocalModel(EmbeddedS3Extension s3, DatasetManifest dataset, Built built, Path work) {

        /** inference-service pointed at the S3 server and bucket, this bundle folder and a model cache under work. */
        public void serve(DynamicPropertyRegistry r) {
            serving().forEach((k, v) -> r.add(k, () -> v));
        }

        /** The S3 server, bucket and model cache only, for a test that serves the model through MLflow instead. */
        public void storage(DynamicPropertyRegistry r) {
            storage().forEach((k, v) -> r.add(k, () -> v));
        }

        /** What {@link #serve} registers, as properties for a service started as a child process. */
        public Map<String, Object> serving() {
            Map<String, Object> p = storage();
            p.put("stylesync.inference.bundle-dir", built.dir().toString());
            return p;
        }

        private Map<String, Object> storage() {
            Map<String, Object> p = new LinkedHashMap<>(s3.springProperties());
            p.put("stylesync.storage.bucket", BUCKET);
            p.put("stylesync.inference.cache-dir", work.resolve("cache").toString());
            return p;
        }
    }

    /** Whether {@link #write} also exports each bundle's backbone to ONNX (fp32 and INT8): see {@link #exportOnnx}. */
    private static volatile boolean exportOnnx;

    private ModelFixture() {}

    /**
     * From now on, until turned off, every bundle this fixture writes also carries its backbone as ONNX and INT8
     * ONNX, exported by {@code tools/export_onnx.py --bundle} exactly as {@code make bundle-onnx} does (INT8
     * calibrated and its per-head accuracy measured on shared product thumbnails), for tests serving ONNX Runtime.
     */
    public static void exportOnnx(boolean on) {
        if (on) {
            Prerequisites.require(
                    Files.isExecutable(onnxPython()),
                    "the ONNX export's Python at " + onnxPython(),
                    "make deps-onnx installs it");
        }
        exportOnnx = on;
    }

    private static Path onnxPython() {
        return Path.of(System.getProperty("stylesync.onnx.python", "../.stylesync/onnx-venv/bin/python"));
    }

    private static void addOnnxExports(Path dir) throws Exception {
        Path products = SharedData.require("datasets/fashion-products");
        addOnnxExports(dir, products.resolve("images"), products);
    }

    /**
     * Exports the backbone of the bundle in {@code dir} to ONNX and INT8 ONNX into the bundle, INT8 calibrated on 32
     * images of {@code calibrationImages} and its per-head accuracy drop measured on 96 labelled images of
     * {@code evalDir} (kaggle-styles layout).
     */
    public static void addOnnxExports(Path dir, Path calibrationImages, Path evalDir) throws Exception {
        Path tools = Path.of(System.getProperty("stylesync.tools.dir", "../tools"));
        Process p = new ProcessBuilder(
                        onnxPython().toString(),
                        tools.resolve("export_onnx.py").toString(),
                        "--bundle",
                        dir.toString(),
                        "--calibration-dir",
                        calibrationImages.toString(),
                        "--calibration-count",
                        "32",
                        "--eval-dir",
                        evalDir.toString(),
                        "--eval-count",
                        "96")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("export_onnx.py failed on " + dir + ":\n" + output);
        }
    }

    /** {@code perClass} real product photos per masterCategory and articleType, and the model over them. */
    public static LocalModel local(EmbeddedS3Extension s3, String dataset, String version, int perClass)
            throws Exception {
        return local(s3, dataset, version, perClass, List.of("masterCategory", "articleType"));
    }

    /** {@code perClass} real product photos per class of each of {@code attributes}, and the model over them. */
    public static LocalModel local(
            EmbeddedS3Extension s3, String dataset, String version, int perClass, List<String> attributes)
            throws Exception {
        Path work = Files.createTempDirectory("inference-" + dataset);
        s3.store().ensureBucket(BUCKET);
        DatasetManifest manifest = DatasetFixture.write(s3.store(), BUCKET, dataset, version, perClass, attributes);
        Built built = build(s3.store(), BUCKET, manifest, DatasetFixture.backbone(), work.resolve("bundle"), 1.0);
        return new LocalModel(s3, manifest, built, work);
    }

    /**
     * @param scale see {@link GaussianHead#fit}: 1 gives the fitted model, another value a different one
     *              (other confidences) for swap tests
     */
    public static Built build(
            ObjectStore store, String bucket, DatasetManifest manifest, Path backbone, Path dir, double scale)
            throws Exception {
        DatasetReader reader = new DatasetReader(store, JSON, bucket);
        List<DatasetRecord> records = reader.records(manifest);
        List<DatasetRecord> train =
                records.stream().filter(r -> r.split() == Split.TRAIN).toList();
        List<DatasetRecord> test =
                records.stream().filter(r -> r.split() == Split.TEST).toList();
        PreprocessConfig config = PreprocessConfig.mobileNetV2(224);
        float[][] trainX;
        float[][] testX;
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            trainX = embed(
                    model,
                    config,
                    train.stream()
                            .map(r -> reader.file(manifest, r.key(), 20_000_000))
                            .toList());
            testX = embed(
                    model,
                    config,
                    test.stream()
                            .map(r -> reader.file(manifest, r.key(), 20_000_000))
                            .toList());
        }
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (String attribute : manifest.targetAttributes()) {
            labels.put(
                    attribute,
                    train.stream().map(r -> r.labels().get(attribute)).toList());
        }
        Map<String, String> lineage = new LinkedHashMap<>();
        lineage.put("dataset.name", manifest.dataset());
        lineage.put("dataset.version", manifest.version());
        write(
                dir,
                backbone,
                config,
                trainX,
                labels,
                scale,
                lineage,
                reader.file(manifest, DatasetPaths.REFERENCE_STATS, 50_000_000));
        return new Built(dir, trainX, train, testX, test);
    }

    /**
     * Writes and verifies a bundle whose heads are {@link GaussianHead}s fitted on {@code trainX}.
     *
     * @param labels         attribute to the class of each row of {@code trainX}
     * @param referenceStats the dataset's {@code reference-stats.json}, or null
     */
    public static void write(
            Path dir,
            Path backbone,
            PreprocessConfig config,
            float[][] trainX,
            Map<String, List<String>> labels,
            double scale,
            Map<String, String> lineage,
            byte[] referenceStats)
            throws Exception {
        List<ClassifierHead> heads = new ArrayList<>();
        List<BundleManifest.Head> headSpecs = new ArrayList<>();
        for (var e : labels.entrySet()) {
            List<String> classes = new ArrayList<>(new TreeSet<>(e.getValue()));
            heads.add(GaussianHead.fit(e.getKey(), classes, e.getValue(), trainX, scale));
            headSpecs.add(new BundleManifest.Head(e.getKey(), classes, null));
        }
        Files.createDirectories(dir);
        Files.copy(backbone, dir.resolve("backbone.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("heads", ModelBundle.HEADS_FILE);
        if (referenceStats != null) {
            Files.write(dir.resolve("reference-stats.json"), referenceStats);
            files.put("referenceStatistics", "reference-stats.json");
        }
        Files.write(dir.resolve(EmbeddingStatistics.FILE), JSON.writeValueAsBytes(EmbeddingStatistics.of(trainX)));
        files.put("embeddingStatistics", EmbeddingStatistics.FILE);
        BundleManifest bundle = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                "stylesync-fashion",
                Instant.now(),
                new BundleManifest.Backbone(
                        "backbone.pt",
                        ModelBundle.sha256(backbone),
                        trainX[0].length,
                        backbone.getFileName().toString()),
                ModelBundle.describe(config),
                headSpecs,
                files,
                lineage,
                Map.of());
        ModelBundle.write(dir, bundle, heads, JSON);
        if (exportOnnx) {
            addOnnxExports(dir);
        }
        ModelBundle.read(dir, JSON);
    }

    /** Publishes a bundle directory as training-service does and points {@code alias} at the new version. */
    public static ModelVersion publish(MlflowClient mlflow, Path dir, String modelName, String alias) throws Exception {
        String experiment = mlflow.getOrCreateExperiment("inference-tests");
        MlflowRun run = mlflow.createRun(experiment, "fixture", Map.of());
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                mlflow.uploadArtifact(
                        run, "model/" + dir.relativize(f).toString().replace('\\', '/'), f);
            }
        }
        mlflow.finishRun(run.runId(), "FINISHED");
        mlflow.createRegisteredModel(modelName);
        ModelVersion v = mlflow.createModelVersion(modelName, run.artifactUri() + "/model", run.runId(), Map.of());
        v = mlflow.awaitReady(modelName, v.version(), Duration.ofMinutes(1));
        mlflow.setAlias(modelName, alias, v.version());
        return v;
    }

    /**
     * Shares the embeddings {@code build} computed for the train and test splits in the bucket, as training-service
     * shares those it computed, under the key the bundle's backbone and preprocessing name.
     */
    public static void shareEmbeddings(
            ObjectStore store, String bucket, DatasetManifest manifest, Built built, Path localDir) throws Exception {
        BundleManifest bundle = ModelBundle.read(built.dir(), JSON).manifest();
        List<String> ids = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < built.train().size(); i++) {
            ids.add(built.train().get(i).id());
            rows.add(built.trainX()[i]);
        }
        for (int i = 0; i < built.test().size(); i++) {
            ids.add(built.test().get(i).id());
            rows.add(built.testX()[i]);
        }
        new EmbeddingCache(localDir, store, bucket)
                .share(
                        new EmbeddingKey(
                                manifest.version(),
                                bundle.backbone().sha256(),
                                bundle.preprocessing().fingerprint()),
                        new Embeddings(ids, rows.toArray(float[][]::new)));
    }

    /** Backbone outputs of encoded images, 16 per forward pass. */
    public static float[][] embed(TorchScriptModel model, PreprocessConfig config, List<byte[]> images)
            throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(config, new ImageDecoder(DecodeLimits.defaults()));
        int len = config.tensorLength();
        float[][] out = new float[images.size()][];
        int batch = 16;
        for (int start = 0; start < images.size(); start += batch) {
            int n = Math.min(batch, images.size() - start);
            float[] input = new float[n * len];
            for (int i = 0; i < n; i++) {
                pre.toTensor(
                        pre.resize(new ImageDecoder(DecodeLimits.defaults()).decode(images.get(start + i))),
                        input,
                        i * len);
            }
            float[] y = model.forward(input, n, config.height(), config.width());
            int dim = y.length / n;
            for (int i = 0; i < n; i++) {
                out[start + i] = java.util.Arrays.copyOfRange(y, i * dim, (i + 1) * dim);
            }
        }
        return out;
    }

    /**
     * Adds a {@link CentroidTextEncoder} fitted on the bundle's training split (captions from its labels) to the
     * bundle in {@code built.dir()}, as training-service adds a trained one with {@code "textSearch": true}.
     */
    public static void addTextEncoder(Built built) throws Exception {
        io.stylesync.common.search.TextEncoder encoder = CentroidTextEncoder.fit(
                built.train().stream().map(DatasetRecord::labels).toList(), built.trainX(), 1 << 12);
        Path dir = built.dir();
        Path file = dir.resolve(io.stylesync.common.search.TextEncoder.FILE);
        Files.write(file, encoder.toSafetensors());
        ModelBundle bundle = ModelBundle.read(dir, JSON);
        ModelBundle.write(
                dir,
                bundle.manifest()
                        .withTextEncoder(new BundleManifest.TextEncoder(
                                io.stylesync.common.search.TextEncoder.FILE,
                                ModelBundle.sha256(file),
                                io.stylesync.common.search.HashingTokenizer.SCHEME,
                                encoder.tokenizer().buckets(),
                                encoder.embeddingDim(),
                                encoder.hiddenDim(),
                                encoder.outputDim(),
                                null)),
                bundle.heads(),
                JSON);
        ModelBundle.read(dir, JSON);
    }
}
