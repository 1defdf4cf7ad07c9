package io.stylesync.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.features.ImageFeature;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.Multipart;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.inference.support.ModelFixture;
import io.stylesync.inference.support.MonitoringStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * inference-service end to end over real HTTP: a dataset version of real product photos in real S3, a
 * real MobileNetV2 model bundle registered in a real MLflow server as {@code champion}, a real HTTP
 * endpoint receiving the feature events. Predict, batch, KServe v2, similar items, metrics, a hot swap
 * under load, and a corrupt version refused while the old one keeps serving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "stylesync.inference.engine.name=pytorch")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SlowTest("a real MLflow server")
class PredictionApiTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    static final String MODEL = "stylesync-fashion";
    static final List<String> ATTRIBUTES =
            List.of("masterCategory", "articleType", "baseColour", "season", "usage", "gender");
    static MonitoringStandIn monitoring;
    static DatasetManifest dataset;
    static ModelFixture.Built built;
    static Path work;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        ModelFixture.LocalModel model = ModelFixture.local(s3, "products", "v00000000000000e1", 30, ATTRIBUTES);
        work = model.work();
        dataset = model.dataset();
        built = model.built();
        // what training-service shares for its run: the train and test splits' embeddings (val is left to inference)
        ModelFixture.shareEmbeddings(s3.store(), "stylesync", dataset, built, work.resolve("training-embeddings"));
        ModelFixture.publish(new MlflowClient(mlflow.uri(), Duration.ofSeconds(20)), built.dir(), MODEL, "champion");
        monitoring = new MonitoringStandIn();
        model.storage(r); // served through MLflow: no bundle folder
        r.add("stylesync.mlflow.tracking-uri", () -> mlflow.uri().toString());
        r.add("stylesync.inference.poll-interval", () -> "500ms");
        r.add(
                "stylesync.inference.events.monitoring-url",
                () -> monitoring.uri().toString());
        r.add("stylesync.inference.events.flush-interval", () -> "100ms");
        r.add("stylesync.access.rate-limit.requests-per-second", () -> "1000");
    }

    @AfterAll
    static void stop() {
        monitoring.close();
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
    }

    HttpResponse<String> postImages(String path, String part, List<byte[]> images) throws Exception {
        Multipart m = new Multipart();
        for (int i = 0; i < images.size(); i++) {
            m.file(part, "img" + i + ".jpg", "image/jpeg", images.get(i));
        }
        return send(at(path).header("Content-Type", m.contentType()).POST(m.publisher()));
    }

    JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status >= 400) {
            // the Open Inference Protocol answers errors as {"error": "..."}, everything else as problem+json
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .startsWith(r.uri().getPath().startsWith("/v2/") ? "application/json" : "application/problem+json");
        }
        return ModelFixture.JSON.readTree(r.body());
    }

    byte[] imageOf(DatasetRecord r) {
        return s3.store()
                .readAllBytes(
                        io.stylesync.common.dataset.DatasetPaths.versionPrefix(
                                        "stylesync", dataset.dataset(), dataset.version())
                                .resolve(r.key()),
                        10_000_000);
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (send(at("/actuator/health/readiness")).statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("inference-service never became ready: "
                + send(at("/actuator/health/readiness")).body());
    }

    @Test
    @Order(1)
    void predictsTheHeldOutPhotosWithTheChampion() throws Exception {
        awaitReady();
        assertThat(json(send(at("/v2/health/ready")), 200).get("ready").asBoolean())
                .isTrue();
        List<byte[]> images = built.test().stream().map(this::imageOf).toList();
        JsonNode batch = json(postImages("/api/v1/predict/batch", "images", images), 200);
        assertThat(batch.get("succeeded").asInt()).isEqualTo(images.size());
        int correct = 0;
        for (int i = 0; i < images.size(); i++) {
            JsonNode p = batch.get("results").get(i).get("prediction");
            assertThat(p.get("model").get("version").asString()).isEqualTo("1");
            assertThat(p.get("predictions").propertyNames()).containsExactlyElementsOf(ATTRIBUTES);
            JsonNode master = p.get("predictions").get("masterCategory");
            assertThat(master).hasSize(3);
            assertThat(master.get(0).get("probability").asDouble())
                    .isGreaterThanOrEqualTo(master.get(1).get("probability").asDouble());
            if (master.get(0)
                    .get("label")
                    .asString()
                    .equals(built.test().get(i).labels().get("masterCategory"))) {
                correct++;
            }
        }
        assertThat((double) correct / images.size())
                .as("masterCategory accuracy on held-out photos")
                .isGreaterThanOrEqualTo(0.85);

        JsonNode one = json(postImages("/api/v1/predict?topK=1", "image", List.of(images.getFirst())), 200);
        assertThat(one.get("predictions").get("articleType")).hasSize(1);
        assertThat(one.get("timings").get("totalMs").asDouble()).isPositive();
        assertThat(one.get("image").get("format").asString()).isEqualTo("jpeg");
    }

    @Test
    @Order(2)
    void sendsEveryPredictionsFeaturesToMonitoring() throws Exception {
        byte[] image = imageOf(built.test().get(1));
        String id = json(postImages("/api/v1/predict", "image", List.of(image)), 200)
                .get("predictionId")
                .asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode event = null;
        while (event == null && System.nanoTime() < deadline) {
            event = monitoring.events().stream()
                    .filter(e -> e.get("predictionId").asString().equals(id))
                    .findFirst()
                    .orElse(null);
            Thread.sleep(50);
        }
        assertThat(event).as("event for prediction " + id).isNotNull();
        assertThat(event.get("modelVersion").asString()).isEqualTo("1");
        assertThat(event.get("features").propertyNames())
                .containsExactlyElementsOf(java.util.Arrays.stream(ImageFeature.values())
                        .map(ImageFeature::wireName)
                        .toList());
        assertThat(event.get("features").get("brightness").asDouble()).isBetween(0.0, 255.0);
        assertThat(event.get("predictions")
                        .get("masterCategory")
                        .get("confidence")
                        .asDouble())
                .isBetween(0.0, 1.0);
        assertThat(event.get("embedding").propertyNames()).containsExactly("norm", "centroid_cosine", "mean_abs_z");
    }

    @Test
    @Order(3)
    void refusesBadInputWithProblemJson() throws Exception {
        byte[] jpeg = imageOf(built.test().getFirst());
        assertThat(json(postImages("/api/v1/predict", "image", List.of("not an image at all".getBytes())), 415)
                        .get("detail")
                        .asString())
                .contains("part 'image'");
        assertThat(json(
                                postImages(
                                        "/api/v1/predict",
                                        "image",
                                        List.of(java.util.Arrays.copyOf(jpeg, jpeg.length / 2))),
                                422)
                        .get("type")
                        .asString())
                .endsWith("truncated");
        json(postImages("/api/v1/predict", "image", List.of(new byte[0])), 422);
        json(postImages("/api/v1/predict", "image", List.of(new byte[11 * 1024 * 1024])), 413);
        json(postImages("/api/v1/predict", "photo", List.of(jpeg)), 400);
        json(postImages("/api/v1/predict?topK=0", "image", List.of(jpeg)), 400);
        json(
                send(at("/api/v1/predict")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))),
                415);
        JsonNode mixed = json(postImages("/api/v1/predict/batch", "images", List.of(jpeg, "garbage".getBytes())), 200);
        assertThat(mixed.get("succeeded").asInt()).isEqualTo(1);
        assertThat(mixed.get("results").get(1).get("error").get("status").asInt())
                .isEqualTo(415);
        json(postImages("/api/v1/predict/batch", "images", List.of("a".getBytes(), "b".getBytes())), 422);
        json(
                postImages(
                        "/api/v1/predict/batch",
                        "images",
                        java.util.Collections.nCopies(33, ImageCorpus.jpeg(16, 16, 1))),
                413);
    }

    @Test
    @Order(4)
    void servesTheOpenInferenceProtocol() throws Exception {
        JsonNode meta = json(send(at("/v2/models/" + MODEL)), 200);
        assertThat(meta.get("versions").get(0).asString()).isEqualTo("1");
        assertThat(meta.get("inputs").get(0).get("datatype").asString()).isEqualTo("BYTES");
        json(send(at("/v2/models/other")), 404);

        List<byte[]> images =
                List.of(imageOf(built.test().get(0)), imageOf(built.test().get(2)));
        String body = ModelFixture.JSON.writeValueAsString(Map.of(
                "id",
                "req-1",
                "inputs",
                List.of(Map.of(
                        "name",
                        "image",
                        "datatype",
                        "BYTES",
                        "shape",
                        List.of(2),
                        "data",
                        images.stream()
                                .map(b -> Base64.getEncoder().encodeToString(b))
                                .toList()))));
        JsonNode infer = json(
                send(at("/v2/models/" + MODEL + "/infer")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))),
                200);
        assertThat(infer.get("id").asString()).isEqualTo("req-1");
        JsonNode master = null;
        JsonNode masterLabels = null;
        for (JsonNode o : infer.get("outputs")) {
            if (o.get("name").asString().equals("masterCategory")) {
                master = o;
            }
            if (o.get("name").asString().equals("masterCategory_label")) {
                masterLabels = o;
            }
        }
        int classes = dataset.labelMaps().get("masterCategory").size();
        assertThat(master.get("shape").get(1).asInt()).isEqualTo(classes);
        assertThat(master.get("data")).hasSize(2 * classes);
        String viaPredict = json(postImages("/api/v1/predict", "image", List.of(images.get(1))), 200)
                .get("predictions")
                .get("masterCategory")
                .get(0)
                .get("label")
                .asString();
        assertThat(masterLabels.get("data").get(1).asString()).isEqualTo(viaPredict);

        String badShape = body.replace("\"shape\":[2]", "\"shape\":[3]");
        assertThat(json(
                                send(at("/v2/models/" + MODEL + "/infer")
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(badShape))),
                                400)
                        .get("error")
                        .asString())
                .contains("shape");
    }

    @Test
    @Order(5)
    void findsSimilarCatalogueItems() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!json(send(at("/api/v1/catalogue")), 200).get("state").asString().equals("READY")) {
            assertThat(System.nanoTime()).as("catalogue index built").isLessThan(deadline);
            Thread.sleep(200);
        }
        DatasetRecord query = built.test().get(3);
        JsonNode similar = json(postImages("/api/v1/similar?topK=5", "image", List.of(imageOf(query))), 200);
        assertThat(similar.get("results")).hasSize(5);
        assertThat(similar.get("results").get(0).get("id").asString())
                .as("an image finds itself first")
                .isEqualTo(query.id());
        assertThat(similar.get("results").get(0).get("score").asDouble()).isGreaterThan(0.999);
        int total = DatasetFixture.MASTER_CATEGORIES.size() * 30;
        int shared = built.train().size() + built.test().size();
        assertThat(similar.get("catalogue").get("embedded").asInt()).isEqualTo(total);
        assertThat(similar.get("catalogue").get("reused").asInt())
                .as("the embeddings training shared are read, not computed again")
                .isEqualTo(shared);
        assertThat(send(at("/actuator/prometheus")).body())
                .as("only the val split went through the backbone")
                .containsPattern(
                        "stylesync_inference_catalogue_images_embedded_total\\{[^}]*} " + (total - shared) + "\\.0\n");

        String master = query.labels().get("masterCategory");
        String other = master.equals("Footwear") ? "Apparel" : "Footwear";
        JsonNode filtered = json(
                postImages("/api/v1/similar?topK=4&filter=masterCategory:" + other, "image", List.of(imageOf(query))),
                200);
        assertThat(filtered.get("results"))
                .hasSize(4)
                .allSatisfy(
                        i -> assertThat(i.get("labels").get("masterCategory").asString())
                                .isEqualTo(other));

        JsonNode byId = json(
                send(at("/api/v1/similar")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + query.id() + "\",\"topK\":3}"))),
                200);
        assertThat(byId.get("results"))
                .hasSize(3)
                .noneSatisfy(i -> assertThat(i.get("id").asString()).isEqualTo(query.id()));
        HttpResponse<byte[]> image = HttpClient.newHttpClient()
                .send(
                        at(byId.get("results").get(0).get("imageUrl").asString())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()[0] & 0xFF).isEqualTo(0xFF);
        json(
                send(at("/api/v1/similar")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"nope\"}"))),
                404);
        json(postImages("/api/v1/similar?filter=masterCategory", "image", List.of(imageOf(query))), 400);
    }

    @Test
    @Order(6)
    void exposesServingMetrics() throws Exception {
        String metrics = send(at("/actuator/prometheus")).body();
        assertThat(metrics)
                .contains(
                        "stylesync_inference_predictions_total{",
                        "head=\"masterCategory\"",
                        "stylesync_inference_confidence_bucket{",
                        "stylesync_inference_latency_seconds_bucket{",
                        "stylesync_inference_queue_seconds_bucket",
                        "stylesync_inference_batch_size_bucket",
                        "stylesync_inference_model_info{",
                        "version=\"1\"",
                        "stylesync_inference_model_age_seconds",
                        "stylesync_inference_events_sent_total",
                        "stylesync_inference_events_dropped_total");
    }

    @Test
    @Order(7)
    void swapsToANewChampionUnderLoadWithoutAFailedRequest() throws Exception {
        ModelFixture.Built second = ModelFixture.build(
                s3.store(), "stylesync", dataset, DatasetFixture.backbone(), work.resolve("bundle-2"), 0.5);
        byte[] image = imageOf(built.test().get(0));
        Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            clients.add(load.submit(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = postImages("/api/v1/predict", "image", List.of(image));
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        } else {
                            versions.computeIfAbsent(
                                            ModelFixture.JSON
                                                    .readTree(r.body())
                                                    .get("model")
                                                    .get("version")
                                                    .asString(),
                                            v -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1000);
        ModelVersion v2 = ModelFixture.publish(
                new MlflowClient(mlflow.uri(), Duration.ofSeconds(20)), second.dir(), MODEL, "champion");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (versions.getOrDefault(v2.version(), new AtomicInteger()).get() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        for (Future<?> c : clients) {
            c.get();
        }
        load.shutdown();
        assertThat(failures).as("requests failed during the swap").isEmpty();
        assertThat(versions.get("1").get()).isPositive();
        assertThat(versions.get(v2.version()).get()).isGreaterThanOrEqualTo(20);
        assertThat(send(at("/actuator/prometheus")).body())
                .contains("version=\"" + v2.version() + "\"")
                .doesNotContain("version=\"1\"");
    }

    @Test
    @Order(8)
    void refusesACorruptVersionAndKeepsServingTheOldOne() throws Exception {
        Path corrupt = work.resolve("bundle-corrupt");
        ModelFixture.Built third =
                ModelFixture.build(s3.store(), "stylesync", dataset, DatasetFixture.backbone(), corrupt, 2.0);
        byte[] backbone = Files.readAllBytes(third.dir().resolve("backbone.pt"));
        backbone[backbone.length / 2] ^= 0x5A;
        Files.write(third.dir().resolve("backbone.pt"), backbone);
        String serving = json(
                        postImages(
                                "/api/v1/predict",
                                "image",
                                List.of(imageOf(built.test().get(0)))),
                        200)
                .get("model")
                .get("version")
                .asString();
        ModelVersion v3 = ModelFixture.publish(
                new MlflowClient(mlflow.uri(), Duration.ofSeconds(20)), third.dir(), MODEL, "champion");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!send(at("/actuator/prometheus"))
                .body()
                .contains(
                        "stylesync_inference_model_loads_total{application=\"inference-service\",outcome=\"refused\"}")) {
            assertThat(System.nanoTime())
                    .as("the corrupt version " + v3.version() + " was looked at")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(json(
                                postImages(
                                        "/api/v1/predict",
                                        "image",
                                        List.of(imageOf(built.test().get(0)))),
                                200)
                        .get("model")
                        .get("version")
                        .asString())
                .isEqualTo(serving);
        assertThat(json(send(at("/actuator/health/readiness")), 200).toString()).contains("UP");
    }

    HttpResponse<String> advise(String form) throws Exception {
        return send(at("/api/v1/advise")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    @Order(10)
    void advisesCatalogueItemsForTheWeatherAndOccasion() throws Exception {
        JsonNode hot = json(advise("temperatureC=30&occasion=Casual&topK=12"), 200);
        assertThat(hot.get("season").asString()).isEqualTo("Summer");
        assertThat(hot.get("items")).isNotEmpty().allSatisfy(item -> {
            assertThat(item.get("labels").get("usage").asString()).isEqualTo("Casual");
            assertThat(item.get("labels").get("season").asString()).isNotEqualTo("Winter");
            assertThat(item.get("reasons")).isNotEmpty();
        });
        Map<String, Integer> perType = new java.util.HashMap<>();
        hot.get("items")
                .forEach(i -> perType.merge(i.get("labels").get("articleType").asString(), 1, Integer::sum));
        assertThat(perType.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        double first = hot.get("items").get(0).get("score").asDouble();
        assertThat(hot.get("items"))
                .allSatisfy(i -> assertThat(i.get("score").asDouble()).isLessThanOrEqualTo(first));

        JsonNode rainy = json(advise("temperatureC=12&precipitationMm=4&topK=50"), 200);
        assertThat(rainy.get("season").asString()).isEqualTo("Fall");
        assertThat(rainy.get("items"))
                .noneSatisfy(i -> assertThat(i.get("labels").get("articleType").asString())
                        .isIn("Sandals", "Flip Flops", "Sports Sandals"));

        json(advise("temperatureC=999"), 400);
        json(advise("latitude=52.5&longitude=13.4"), 400);
        json(advise("latitude=52.5"), 400);
        json(advise("temperatureC=20&topK=0"), 400);
    }

    @Test
    @Order(12)
    void advisesFromASelfiesPalette() throws Exception {
        byte[] selfie = Files.readAllBytes(
                io.stylesync.common.testing.SharedData.require("datasets/faces/portraits/obama.jpg"));
        Multipart m = new Multipart()
                .file("image", "me.jpg", "image/jpeg", selfie)
                .field("temperatureC", "18")
                .field("topK", "20");
        JsonNode advice = json(
                send(at("/api/v1/advise")
                        .header("Content-Type", m.contentType())
                        .POST(m.publisher())),
                200);
        JsonNode palette = advice.get("palette");
        assertThat(palette.get("season").asString()).isNotBlank();
        List<String> avoid = new ArrayList<>();
        palette.get("avoid").forEach(c -> avoid.add(c.asString()));
        assertThat(advice.get("items"))
                .isNotEmpty()
                .noneSatisfy(i ->
                        assertThat(i.get("labels").get("baseColour").asString()).isIn(avoid));
        assertThat(advice.get("criteria").toString()).contains("palette");

        byte[] product = imageOf(built.test().getFirst());
        Multipart noFace =
                new Multipart().file("image", "shoe.jpg", "image/jpeg", product).field("temperatureC", "18");
        assertThat(json(
                                send(at("/api/v1/advise")
                                        .header("Content-Type", noFace.contentType())
                                        .POST(noFace.publisher())),
                                422)
                        .get("detail")
                        .asString())
                .contains("No face");
    }
}
