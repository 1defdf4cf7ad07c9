package io.stylesync.monitoring.support;

import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.dataset.ReferenceStatisticsBuilder;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.features.ImageFeatureExtractor;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowRun;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.EmbeddingSummary;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real model-bundle reference: reference statistics computed by common's {@code ReferenceStatisticsBuilder}
 * from real product photos of {@code ../shared} (features by {@code ImageFeatureExtractor}), embedding statistics
 * by {@code EmbeddingStatistics.of}, a {@code bundle.json} with a masterCategory head, uploaded as a run's
 * {@code model/} artifacts to a real MLflow server and registered as model versions, the way training does it.
 * Live events come from other photos of the same set: as they are (no drift) or darkened (drift).
 */
public final class BundleReferenceFixture {

    public static final String MODEL = "stylesync-fashion";
    public static final String HEAD = "masterCategory";
    private static final int DIM = 32;

    public record Photo(String id, String label, RgbImage image, long bytes) {}

    private final List<Photo> reference;
    private final List<Photo> live;

    private BundleReferenceFixture(List<Photo> reference, List<Photo> live) {
        this.reference = reference;
        this.live = live;
    }

    /** The first {@code referenceCount} labelled photos by hash of id for the reference, the next {@code liveCount} for events. */
    public static BundleReferenceFixture load(int referenceCount, int liveCount) throws Exception {
        Path root = SharedData.require("datasets/fashion-products");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve("styles.csv"))
                .subList(1, Files.readAllLines(root.resolve("styles.csv")).size())) {
            String[] cols = line.split(",", 4);
            if (cols.length > 2) {
                labels.put(cols[0], cols[2]);
            }
        }
        List<String> ids = new ArrayList<>();
        try (var files = Files.list(root.resolve("images"))) {
            files.map(p -> p.getFileName().toString().replace(".jpg", ""))
                    .filter(labels::containsKey)
                    .forEach(ids::add);
        }
        // a random split that does not depend on listing order: ids by their SHA-256 (catalogue ids run by product
        // line)
        ids.sort(java.util.Comparator.comparing(io.stylesync.common.hash.Sha256::hex));
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(
                DecodeLimits.DEFAULT_MAX_BYTES, DecodeLimits.DEFAULT_MAX_PIXELS, DecodeLimits.DEFAULT_MAX_DIMENSION));
        List<Photo> photos = new ArrayList<>();
        for (String id : ids.subList(0, referenceCount + liveCount)) {
            byte[] bytes = Files.readAllBytes(root.resolve("images").resolve(id + ".jpg"));
            photos.add(new Photo(id, labels.get(id), decoder.decode(bytes), bytes.length));
        }
        return new BundleReferenceFixture(
                photos.subList(0, referenceCount), photos.subList(referenceCount, photos.size()));
    }

    public ReferenceStatistics statistics() {
        List<DatasetRecord> records = reference.stream()
                .map(p -> new DatasetRecord(
                        p.id(),
                        Split.TRAIN,
                        Map.of(HEAD, p.label()),
                        Map.of(),
                        "images/" + p.id() + ".jpg",
                        "x",
                        p.id(),
                        "e",
                        p.bytes(),
                        p.image().width(),
                        p.image().height(),
                        ImageFeatureExtractor.extract(p.image(), p.bytes()).asMap()))
                .toList();
        return ReferenceStatisticsBuilder.build("fashion-products", "vtest", records, List.of(HEAD));
    }

    public static EmbeddingStatistics embeddingStatistics() {
        return EmbeddingStatistics.of(embeddings(new Random(1), 600, 0));
    }

    private static float[][] embeddings(Random r, int n, double shift) {
        float[][] x = new float[n][DIM];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < DIM; j++) {
                x[i][j] = (float) (1 + r.nextGaussian() + shift * (j % 2 == 0 ? 1 : -1));
            }
        }
        return x;
    }

    /** Registers a version whose bundle holds this reference; returns its version number. */
    public String register(MlflowClient mlflow, JsonMapper json, boolean withEmbedding) {
        String experiment = mlflow.getOrCreateExperiment("monitoring-test");
        MlflowRun run = mlflow.createRun(experiment, "reference", Map.of());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("referenceStatistics", "reference-stats.json");
        files.put("embeddingStatistics", EmbeddingStatistics.FILE);
        BundleManifest manifest = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                MODEL,
                Instant.now(),
                new BundleManifest.Backbone("backbone.pt", "0".repeat(64), DIM, "test"),
                new BundleManifest.Preprocessing(
                        224, 224, "PAD", List.of(0.5f, 0.5f, 0.5f), List.of(0.5f, 0.5f, 0.5f), "f"),
                List.of(new BundleManifest.Head(HEAD, List.of("Accessories", "Apparel", "Footwear", "Other"), "Other")),
                files,
                Map.of("dataset.version", "vtest"),
                Map.of());
        mlflow.uploadArtifact(run, "model/bundle.json", json.writeValueAsBytes(manifest));
        mlflow.uploadArtifact(run, "model/reference-stats.json", json.writeValueAsBytes(statistics()));
        if (withEmbedding) {
            mlflow.uploadArtifact(
                    run, "model/" + EmbeddingStatistics.FILE, json.writeValueAsBytes(embeddingStatistics()));
        }
        mlflow.createRegisteredModel(MODEL);
        ModelVersion v = mlflow.createModelVersion(MODEL, run.artifactUri() + "/model", run.runId(), Map.of());
        return mlflow.awaitReady(MODEL, v.version(), Duration.ofMinutes(1)).version();
    }

    /** Events of the live photos; {@code darken} scales every pixel (and the file size) to shift the image features. */
    public List<FeatureEvent> events(String version, double darken, double embeddingShift, String idPrefix) {
        EmbeddingStatistics stats = embeddingStatistics();
        float[][] emb = embeddings(new Random(2), live.size(), embeddingShift);
        Random conf = new Random(3);
        List<FeatureEvent> out = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            Photo p = live.get(i);
            RgbImage image = p.image();
            long bytes = p.bytes();
            if (darken != 1) {
                byte[] rgb = image.rgb().clone();
                for (int k = 0; k < rgb.length; k++) {
                    rgb[k] = (byte) Math.round((rgb[k] & 0xff) * darken);
                }
                image = new RgbImage(image.width(), image.height(), rgb);
                bytes = Math.round(bytes * darken);
            }
            Map<String, Double> features =
                    ImageFeatureExtractor.extract(image, bytes).asMap();
            Map<String, FeatureEvent.Prediction> predictions = Map.of(
                    HEAD,
                    new FeatureEvent.Prediction(
                            List.of("Accessories", "Apparel", "Footwear").contains(p.label()) ? p.label() : "Other",
                            0.7 + 0.3 * conf.nextDouble()));
            out.add(new FeatureEvent(
                    idPrefix + p.id(),
                    Instant.now(),
                    MODEL,
                    version,
                    features,
                    predictions,
                    EmbeddingSummary.of(emb[i], stats).asMap()));
        }
        return out;
    }

    public List<Photo> live() {
        return live;
    }
}
