package io.stylesync.inference.support;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowRun;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.LinearHead;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.storage.ObjectStore;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * A real model bundle for inference tests, built without training-service: the shared MobileNetV2
 * backbone embeds a dataset version's train split, and each head is a Gaussian classifier with one
 * shared isotropic variance (nearest class mean, as a linear layer: W_k = mu_k / s2,
 * b_k = -|mu_k|^2 / (2 s2)). It is published the way training-service publishes: artifacts under
 * {@code model/} of an MLflow run, a registered version, an alias.
 */
public final class ModelFixture {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Built(Path dir, float[][] testX, List<DatasetRecord> test) {
    }

    private ModelFixture() {
    }

    /**
     * @param scale multiplies every head's logits: 1 gives the fitted model; another value gives a
     *              different but equally valid model (same top-1, other confidences) for swap tests
     */
    public static Built build(ObjectStore store, String bucket, DatasetManifest manifest, Path backbone, Path dir, double scale)
            throws Exception {
        DatasetReader reader = new DatasetReader(store, JSON, bucket);
        List<DatasetRecord> records = reader.records(manifest);
        PreprocessConfig config = PreprocessConfig.mobileNetV2(224);
        ImagePreprocessor pre = new ImagePreprocessor(config, new ImageDecoder(DecodeLimits.defaults()));
        List<DatasetRecord> train = records.stream().filter(r -> r.split() == Split.TRAIN).toList();
        List<DatasetRecord> test = records.stream().filter(r -> r.split() == Split.TEST).toList();
        float[][] trainX;
        float[][] testX;
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            trainX = embed(model, pre, reader, manifest, train);
            testX = embed(model, pre, reader, manifest, test);
        }
        int dim = trainX[0].length;
        List<LinearHead> heads = new ArrayList<>();
        List<BundleManifest.Head> headSpecs = new ArrayList<>();
        for (String attribute : manifest.targetAttributes()) {
            List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(r -> r.labels().get(attribute)).toList()));
            heads.add(gaussianHead(attribute, classes, train, trainX, dim, scale));
            headSpecs.add(new BundleManifest.Head(attribute, classes, null));
        }
        Files.createDirectories(dir);
        Files.copy(backbone, dir.resolve("backbone.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(dir.resolve("reference-stats.json"), reader.file(manifest, DatasetPaths.REFERENCE_STATS, 50_000_000));
        Files.write(dir.resolve(EmbeddingStatistics.FILE), JSON.writeValueAsBytes(EmbeddingStatistics.of(trainX)));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("heads", ModelBundle.HEADS_FILE);
        files.put("referenceStatistics", "reference-stats.json");
        files.put("embeddingStatistics", EmbeddingStatistics.FILE);
        Map<String, String> lineage = new LinkedHashMap<>();
        lineage.put("dataset.name", manifest.dataset());
        lineage.put("dataset.version", manifest.version());
        BundleManifest bundle = new BundleManifest(BundleManifest.SCHEMA_VERSION, "stylesync-fashion", Instant.now(),
                new BundleManifest.Backbone("backbone.pt", ModelBundle.sha256(backbone), dim, "MobileNetV2 (shared)"),
                ModelBundle.describe(config), headSpecs, files, lineage, Map.of());
        ModelBundle.write(dir, bundle, heads, JSON);
        ModelBundle.read(dir, JSON);
        return new Built(dir, testX, test);
    }

    /** Publishes a bundle directory as training-service does and points {@code alias} at the new version. */
    public static ModelVersion publish(MlflowClient mlflow, Path dir, String modelName, String alias) throws Exception {
        String experiment = mlflow.getOrCreateExperiment("inference-tests");
        MlflowRun run = mlflow.createRun(experiment, "fixture", Map.of());
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                mlflow.uploadArtifact(run, "model/" + dir.relativize(f).toString().replace('\\', '/'), f);
            }
        }
        mlflow.finishRun(run.runId(), "FINISHED");
        mlflow.createRegisteredModel(modelName);
        ModelVersion v = mlflow.createModelVersion(modelName, run.artifactUri() + "/model", run.runId(), Map.of());
        v = mlflow.awaitReady(modelName, v.version(), Duration.ofMinutes(1));
        mlflow.setAlias(modelName, alias, v.version());
        return v;
    }

    private static float[][] embed(TorchScriptModel model, ImagePreprocessor pre, DatasetReader reader, DatasetManifest m,
            List<DatasetRecord> records) throws Exception {
        int len = pre.config().tensorLength();
        float[][] out = new float[records.size()][];
        int batch = 16;
        for (int start = 0; start < records.size(); start += batch) {
            int n = Math.min(batch, records.size() - start);
            float[] input = new float[n * len];
            for (int i = 0; i < n; i++) {
                byte[] bytes = reader.file(m, records.get(start + i).key(), 20_000_000);
                pre.toTensor(pre.resize(new ImageDecoder(DecodeLimits.defaults()).decode(bytes)), input, i * len);
            }
            float[] y = model.forward(input, n, 224, 224);
            int dim = y.length / n;
            for (int i = 0; i < n; i++) {
                out[start + i] = java.util.Arrays.copyOfRange(y, i * dim, (i + 1) * dim);
            }
        }
        return out;
    }

    private static LinearHead gaussianHead(String attribute, List<String> classes, List<DatasetRecord> train, float[][] x, int dim,
            double scale) {
        int c = classes.size();
        double[][] mean = new double[c][dim];
        int[] count = new int[c];
        for (int i = 0; i < x.length; i++) {
            int k = classes.indexOf(train.get(i).labels().get(attribute));
            count[k]++;
            for (int j = 0; j < dim; j++) {
                mean[k][j] += x[i][j];
            }
        }
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < dim; j++) {
                mean[k][j] /= count[k];
            }
        }
        double within = 0;
        for (int i = 0; i < x.length; i++) {
            int k = classes.indexOf(train.get(i).labels().get(attribute));
            for (int j = 0; j < dim; j++) {
                double d = x[i][j] - mean[k][j];
                within += d * d;
            }
        }
        double s2 = within / ((double) x.length * dim) / scale;
        float[][] w = new float[c][dim];
        float[] b = new float[c];
        for (int k = 0; k < c; k++) {
            double sq = 0;
            for (int j = 0; j < dim; j++) {
                w[k][j] = (float) (mean[k][j] / s2);
                sq += mean[k][j] * mean[k][j];
            }
            b[k] = (float) (-sq / (2 * s2) + Math.log((double) count[k] / x.length));
        }
        return new LinearHead(attribute, classes, w, b);
    }
}
