package io.stylesync.training.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.embedding.EmbeddingCache;
import io.stylesync.common.embedding.EmbeddingKey;
import io.stylesync.common.embedding.Embeddings;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.training.embedding.EmbeddingExtractor;
import io.stylesync.training.embedding.ProgressListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end through the REST API: a dataset version in (real) S3, the real MobileNetV2 backbone,
 * a real MLflow server. Train, track, register, alias, promote.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SlowTest("a real MLflow server and training runs")
class TrainingRunTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String VERSION = "v00000000000000f1";
    /** A smaller version for the fine-tune: every image goes through the backbone several times there. */
    static final String SMALL = "v00000000000000f2";
    /** Never cached, so a run on it spends seconds in FEATURES: time to cancel it there over HTTP. */
    static final String TO_CANCEL = "v00000000000000f3";

    static Path workDir;
    static String firstRunVersion;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        workDir = Files.createTempDirectory("training-work");
        r.add("stylesync.storage.endpoint", () -> s3.endpoint().toString());
        r.add("stylesync.storage.access-key", () -> s3.accessKey());
        r.add("stylesync.storage.secret-key", () -> s3.secretKey());
        r.add("stylesync.mlflow.tracking-uri", () -> mlflow.uri().toString());
        r.add("stylesync.training.work-dir", () -> workDir.toString());
        r.add(
                "stylesync.training.default-backbone",
                () -> DatasetFixture.backbone().toString());
    }

    @BeforeAll
    static void dataset() throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetFixture.write(s3.store(), "stylesync", "fixture", VERSION, 60);
        DatasetFixture.write(s3.store(), "stylesync", "fixture-small", SMALL, 20);
        DatasetFixture.write(s3.store(), "stylesync", "fixture-cancel", TO_CANCEL, 40);
    }

    private JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        b = body == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        if (expectedStatus >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        return JSON.readTree(r.body());
    }

    private JsonNode train(Map<String, Object> request) throws Exception {
        JsonNode accepted = call("POST", "/api/v1/training-runs", JSON.writeValueAsString(request), 202);
        String id = accepted.get("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = call("GET", "/api/v1/training-runs/" + id, null, 200);
            String state = run.get("state").asString();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return run;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("training run did not finish");
    }

    @Test
    @Order(1)
    void trainsTracksRegistersAndAliasesTheModel(@TempDir Path tmp) throws Exception {
        JsonNode run = train(Map.of(
                "datasetVersion",
                VERSION,
                "targetAttributes",
                List.of("masterCategory", "articleType"),
                "epochs",
                40,
                "seed",
                7));

        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("registration").asString()).isEqualTo("REGISTERED");
        assertThat(run.get("metrics").get("masterCategory.accuracy").asDouble()).isGreaterThanOrEqualTo(0.85);
        assertThat(run.get("imagesEmbedded").asLong()).isEqualTo(180);
        firstRunVersion = run.get("modelVersion").asString();

        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(20));
        String runId = run.get("mlflowRunId").asString();
        assertThat(client.metricHistory(runId, "train_loss")).hasSizeGreaterThan(1);
        assertThat(client.metricHistory(runId, "masterCategory.accuracy")).hasSize(1);
        assertThat(client.getRun(runId).status()).isEqualTo("FINISHED");
        ModelVersion challenger = client.getVersionByAlias("stylesync-fashion", "challenger");
        assertThat(challenger.version()).isEqualTo(firstRunVersion);
        assertThat(challenger.tags())
                .containsEntry("dataset.version", VERSION)
                .containsKey("metric.masterCategory.accuracy");

        Path bundle = tmp.resolve("bundle");
        for (String f :
                List.of("bundle.json", "heads.bin", "backbone.pt", "reference-stats.json", "embedding-stats.json")) {
            Files.createDirectories(bundle);
            Files.write(bundle.resolve(f), client.downloadArtifact(challenger.source(), f));
        }
        ModelBundle loaded = ModelBundle.read(bundle, JSON);
        assertThat(loaded.heads()).extracting(h -> h.attribute()).containsExactly("masterCategory", "articleType");
        assertThat(loaded.manifest().backbone().featureDim()).isEqualTo(1280);
        for (int h = 0; h < loaded.heads().size(); h++) {
            String attribute = loaded.heads().get(h).attribute();
            Double fitted = loaded.manifest().heads().get(h).temperature();
            assertThat(fitted)
                    .as("%s's temperature, fitted on the validation split", attribute)
                    .isNotNull()
                    .isPositive();
            assertThat(loaded.heads().get(h).temperature()).as("served with it").isEqualTo(fitted);
            assertThat(run.get("metrics").get(attribute + ".temperature").asDouble())
                    .isEqualTo(fitted);
            assertThat(run.get("metrics").has(attribute + ".ece_uncalibrated")).isTrue();
        }
        assertThat(loaded.manifest().lineage())
                .containsEntry("dataset.version", VERSION)
                .containsKeys("djl.version", "pytorch.version");
        assertThat(s3.store()
                        .list(io.stylesync.common.storage.S3Location.of("stylesync", "models/stylesync-fashion/"))
                        .count())
                .isGreaterThanOrEqualTo(5);
        assertThat(sharedEmbeddings(VERSION, loaded, tmp.resolve("shared")).ids())
                .as("every record's embedding is shared in the bucket for inference's catalogue")
                .hasSize(180);
    }

    /** What training shared for the bundle's dataset version, backbone and preprocessing, read as inference does. */
    private static Embeddings sharedEmbeddings(String version, ModelBundle bundle, Path localDir) {
        EmbeddingKey key = new EmbeddingKey(
                version,
                bundle.manifest().backbone().sha256(),
                bundle.manifest().preprocessing().fingerprint());
        assertThat(s3.store().exists(S3Location.of("stylesync", key.objectKey())))
                .as(key.objectKey())
                .isTrue();
        return new EmbeddingCache(localDir, s3.store(), "stylesync").load(key).orElseThrow();
    }

    @Test
    @Order(2)
    void aSecondRunReusesTheCachedFeaturesAndPromotionComparesMetrics(@TempDir Path tmp) throws Exception {
        double embeddedBefore = metric(prometheus(), "stylesync_training_images_embedded_total{");
        JsonNode run = train(Map.of(
                "datasetVersion",
                VERSION,
                "targetAttributes",
                List.of("masterCategory"),
                "epochs",
                3,
                "seed",
                7,
                "textSearch",
                true));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("metrics").get("text.recall_at_10").asDouble()).isPositive();
        assertThat(metric(prometheus(), "stylesync_training_images_embedded_total{"))
                .as("no second pass of the backbone: every feature came from the cache")
                .isEqualTo(embeddedBefore);
        String second = run.get("modelVersion").asString();

        JsonNode first = call(
                "POST", "/api/v1/models/stylesync-fashion/promote", "{\"version\":\"" + firstRunVersion + "\"}", 200);
        assertThat(first.get("promoted").asBoolean()).isTrue();
        assertThat(first.get("reason").asString()).contains("no champion yet");

        JsonNode compared = call(
                "POST",
                "/api/v1/models/stylesync-fashion/promote",
                "{\"version\":\"" + second + "\",\"metric\":\"masterCategory.accuracy\"}",
                200);
        double candidate = compared.get("candidateValue").asDouble();
        double champion = compared.get("championValue").asDouble();
        assertThat(compared.get("promoted").asBoolean()).isEqualTo(candidate > champion);

        JsonNode forced = call(
                "POST",
                "/api/v1/models/stylesync-fashion/promote",
                "{\"version\":\"" + second + "\",\"metric\":\"masterCategory.accuracy\",\"force\":true}",
                200);
        assertThat(forced.get("promoted").asBoolean()).isTrue();
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(20));
        ModelVersion championNow = client.getVersionByAlias("stylesync-fashion", "champion");
        assertThat(championNow.version()).isEqualTo(second);
        assertThat(championNow.tags().get("promotion.reason")).isNotBlank();
        // the text encoder travels with the bundle through MLflow, verified and loaded as inference loads it
        ModelBundle withText = new io.stylesync.common.model.BundleFetcher(client, JSON, tmp).fetch(championNow);
        assertThat(withText.manifest().textEncoder().sha256())
                .isEqualTo(ModelBundle.sha256(
                        withText.dir().resolve(withText.manifest().textEncoder().file())));
        assertThat(withText.textEncoder().orElseThrow().featureQuery("footwear"))
                .hasSize(1280);
        assertThat(client.metricHistory(run.get("mlflowRunId").asString(), "text.train_loss"))
                .hasSizeGreaterThan(1);
        assertThat(client.metricHistory(run.get("mlflowRunId").asString(), "text.val.recall_at_10.accuracy"))
                .hasSizeGreaterThan(1);

        JsonNode evaluation = call(
                "POST",
                "/api/v1/evaluations",
                "{\"model\":\"stylesync-fashion\",\"version\":\"champion\"," + "\"datasetVersion\":\"" + VERSION
                        + "\"}",
                200);
        assertThat(evaluation.get("version").asString()).isEqualTo(second);
        JsonNode head = evaluation.get("heads").get(0);
        assertThat(head.get("attribute").asString()).isEqualTo("masterCategory");
        assertThat(head.get("accuracy").asDouble())
                .isEqualTo(run.get("metrics").get("masterCategory.accuracy").asDouble());
        assertThat(head.get("confusion").size()).isEqualTo(head.get("classes").size());
        assertThat(evaluation.get("servingResize").asString())
                .isEqualTo(evaluation.get("datasetResize").asString());

        JsonNode manifest = call("GET", "/api/v1/models/stylesync-fashion/versions/champion", null, 200);
        assertThat(manifest.get("heads").get(0).get("attribute").asString()).isEqualTo("masterCategory");
        assertThat(manifest.get("heads").get(0).get("temperature").asDouble())
                .isEqualTo(run.get("metrics").get("masterCategory.temperature").asDouble());
        assertThat(manifest.get("preprocessing").get("resize").asString())
                .isEqualTo(evaluation.get("servingResize").asString());
        call("GET", "/api/v1/models/stylesync-fashion/versions/999", null, 404);
    }

    @Test
    @Order(3)
    void badRequestsAreProblems() throws Exception {
        assertThat(call("POST", "/api/v1/training-runs", "{}", 400)
                        .get("detail")
                        .asString())
                .contains("datasetVersion");
        assertThat(call("POST", "/api/v1/training-runs", "{\"datasetVersion\":\"v0000000000000099\"}", 422)
                        .get("detail")
                        .asString())
                .contains("no committed dataset version");
        assertThat(call(
                                "POST",
                                "/api/v1/training-runs",
                                "{\"datasetVersion\":\"" + VERSION + "\",\"augmentation\":{\"horizontalFlip\":true}}",
                                422)
                        .get("detail")
                        .asString())
                .contains("augmentation")
                .contains("fine-tuned");
        JsonNode tooMany = call(
                "POST",
                "/api/v1/training-runs",
                "{\"datasetVersion\":\"" + VERSION + "\",\"freeze\":\"last-n\",\"trainableBlocks\":500}",
                422);
        assertThat(tooMany.get("detail").asString()).contains("has 52 blocks").contains("last 500");
        assertThat(tooMany.get("field").asString()).isEqualTo("trainableBlocks");
        assertThat(call(
                                "POST",
                                "/api/v1/training-runs",
                                "{\"datasetVersion\":\"" + VERSION + "\",\"freeze\":\"full\",\"trainableBlocks\":2}",
                                422)
                        .get("detail")
                        .asString())
                .contains("last-n");
        assertThat(call(
                                "POST",
                                "/api/v1/training-runs",
                                "{\"datasetVersion\":\"" + VERSION + "\",\"targetAttributes\":[\"season\"]}",
                                422)
                        .get("detail")
                        .asString())
                .contains("season");
        assertThat(call("POST", "/api/v1/training-runs", "{\"datasetVersion\":\"" + VERSION + "\",\"epochs\":0}", 400)
                        .get("detail")
                        .asString())
                .contains("epochs");
        call("GET", "/api/v1/training-runs/nope", null, 404);
        call("POST", "/api/v1/training-runs/nope/cancel", null, 404);
        call("POST", "/api/v1/models/stylesync-fashion/promote", "{\"version\":\"999\"}", 404);
    }

    /**
     * Fine-tunes the last block of the backbone, with MLflow stopped in the middle of it: the run finishes, its
     * registration waits, and once MLflow is back the retrier logs the buffered records, uploads the bundle
     * and registers the version as challenger. The published backbone is the fine-tuned TorchScript.
     */
    @Test
    @Order(4)
    void aFineTunedRunOutlivesAnMlflowOutageAndIsRegisteredWhenMlflowReturns(@TempDir Path tmp) throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.putAll(Map.of(
                "datasetVersion",
                SMALL,
                "targetAttributes",
                List.of("masterCategory"),
                "epochs",
                5,
                "seed",
                7,
                "freeze",
                "last-n",
                "trainableBlocks",
                1,
                "fineTuneEpochs",
                1,
                "fineTuneBatchSize",
                16));
        request.put("learningRates", Map.of("heads", 1e-3, "backbone", 1e-3));
        request.put("augmentation", Map.of("horizontalFlip", true, "minCropScale", 0.8, "colourJitter", 0.2));
        String id = call("POST", "/api/v1/training-runs", JSON.writeValueAsString(request), 202)
                .get("id")
                .asString();
        JsonNode run = await(id, r -> !r.get("phase").asString().matches("QUEUED|LOADING|FEATURES|TRAINING"));
        assertThat(run.get("phase").asString()).as(run.toString()).isEqualTo("FINE_TUNING");
        assertThat(run.hasNonNull("mlflowRunId")).isTrue();

        mlflow.stop();
        try {
            run = await(id, r -> !r.get("state").asString().matches("QUEUED|RUNNING"));
            assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("registration").asString()).startsWith("PENDING");
            assertThat(run.hasNonNull("modelVersion")).isFalse();
        } finally {
            mlflow.start();
        }
        run = await(id, r -> r.get("registration").asString().equals("REGISTERED"));
        String version = run.get("modelVersion").asString();

        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(20));
        ModelVersion challenger = client.getVersionByAlias("stylesync-fashion", "challenger");
        assertThat(challenger.version()).isEqualTo(version);
        String runId = run.get("mlflowRunId").asString();
        assertThat(client.metricHistory(runId, "finetune.train_loss")).hasSize(1);
        assertThat(client.getRun(runId).status()).isEqualTo("FINISHED");
        Path bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle);
        for (String f :
                List.of("bundle.json", "heads.bin", "backbone.pt", "reference-stats.json", "embedding-stats.json")) {
            Files.write(bundle.resolve(f), client.downloadArtifact(challenger.source(), f));
        }
        ModelBundle loaded = ModelBundle.read(bundle, JSON);
        String baseSha = ModelBundle.sha256(DatasetFixture.backbone());
        assertThat(loaded.manifest().backbone().sha256())
                .isNotEqualTo(baseSha)
                .isEqualTo(ModelBundle.sha256(bundle.resolve("backbone.pt")));
        assertThat(loaded.manifest().lineage())
                .containsEntry("training.freeze", "last-n")
                .containsEntry("backbone.base_sha256", baseSha)
                .containsEntry("training.trainable_blocks", "params.c61");
        Embeddings shared = sharedEmbeddings(SMALL, loaded, tmp.resolve("shared"));
        assertThat(shared.ids())
                .as("the tuned backbone's embeddings, under its own SHA-256")
                .hasSize(60);
        try (var tuned = io.stylesync.common.model.TorchScriptModel.load(bundle.resolve("backbone.pt"))) {
            assertThat(tuned.forward(new float[3 * 224 * 224], 1, 224, 224)).hasSize(1280);
            // unaugmented: the shared row is the tuned backbone's output for the plain image
            var manifest = new DatasetReader(s3.store(), JSON, "stylesync")
                    .findVersion(SMALL)
                    .orElseThrow();
            var record = new DatasetReader(s3.store(), JSON, "stylesync")
                    .records(manifest)
                    .getFirst();
            byte[] image = new DatasetReader(s3.store(), JSON, "stylesync").file(manifest, record.key(), 1 << 24);
            var preprocessor =
                    new ImagePreprocessor(loaded.preprocessConfig(), new ImageDecoder(DecodeLimits.defaults()));
            float[] plain = new EmbeddingExtractor(tuned, preprocessor, 1)
                    .extract(List.of(() -> image), ProgressListener.NONE)[0];
            assertThat(shared.byId().get(record.id()))
                    .containsExactly(plain, org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    @Order(5)
    void trainingMetricsAreOnThePrometheusEndpoint() throws Exception {
        String text = prometheus();
        assertThat(metric(
                        text, "stylesync_training_runs_total{application=\"training-service\",outcome=\"succeeded\"}"))
                .isGreaterThanOrEqualTo(3);
        assertThat(metric(text, "stylesync_training_runs_active{")).isZero();
        assertThat(metric(text, "stylesync_training_epoch{")).isZero();
        // 180 images embedded once by the first run; the fine-tune run: 60 frozen, 36 + 12 in its epoch, 60 tuned
        assertThat(metric(text, "stylesync_training_images_embedded_total{")).isEqualTo(180 + 60 + 36 + 12 + 60);
        assertThat(text).contains("stylesync_training_runs_total{application=\"training-service\",outcome=\"failed\"}");
    }

    /** A RUNNING run cancelled over HTTP stops, is marked KILLED in MLflow, registers nothing and shares nothing. */
    @Test
    @Order(6)
    void aRunningRunCancelledOverHttpStopsAndRegistersNothing() throws Exception {
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(20));
        String challengerBefore =
                client.getVersionByAlias("stylesync-fashion", "challenger").version();
        double cancelledBefore = metric(
                prometheus(), "stylesync_training_runs_total{application=\"training-service\",outcome=\"cancelled\"}");
        String id = call(
                        "POST",
                        "/api/v1/training-runs",
                        JSON.writeValueAsString(
                                Map.of("datasetVersion", TO_CANCEL, "targetAttributes", List.of("masterCategory"))),
                        202)
                .get("id")
                .asString();
        JsonNode running = await(
                id,
                r -> r.get("state").asString().equals("RUNNING")
                        && r.get("phase").asString().equals("FEATURES")
                        && r.get("imagesEmbedded").asLong() > 0);
        assertThat(running.get("state").asString()).as(running.toString()).isEqualTo("RUNNING");

        JsonNode accepted = call("POST", "/api/v1/training-runs/" + id + "/cancel", null, 202);
        assertThat(accepted.get("id").asString()).isEqualTo(id);

        JsonNode ended = await(id, r -> !r.get("state").asString().matches("QUEUED|RUNNING"));
        assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("CANCELLED");
        assertThat(ended.get("imagesEmbedded").asLong())
                .as("stopped before the last image")
                .isLessThan(120);
        assertThat(ended.hasNonNull("modelVersion")).isFalse();
        assertThat(client.getRun(ended.get("mlflowRunId").asString()).status()).isEqualTo("KILLED");
        assertThat(client.getVersionByAlias("stylesync-fashion", "challenger").version())
                .isEqualTo(challengerBefore);
        assertThat(metric(
                        prometheus(),
                        "stylesync_training_runs_total{application=\"training-service\",outcome=\"cancelled\"}"))
                .isEqualTo(cancelledBefore + 1);
        assertThat(s3.store()
                        .list(S3Location.of("stylesync", EmbeddingKey.ROOT + TO_CANCEL + "/"))
                        .count())
                .as("no partial embeddings shared")
                .isZero();
        call("POST", "/api/v1/training-runs/" + id + "/cancel", null, 409);
    }

    private String prometheus() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static double metric(String text, String prefix) {
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + text));
    }

    private JsonNode await(String id, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = call("GET", "/api/v1/training-runs/" + id, null, 200);
            if (condition.test(run)
                    || (!condition.test(run) && run.get("state").asString().matches("FAILED|CANCELLED"))) {
                return run;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("training run " + id + " did not get there in time");
    }
}
