package io.stylesync.monitoring.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.monitoring.support.BundleReferenceFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service over real HTTP with references from a real MLflow server (bundles registered like training
 * registers them, statistics of real product photos): events of unchanged photos show no dataset drift,
 * darkened photos do; the page, the metrics, feedback and bad input.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.monitoring.window.confidence-baseline=100",
            "stylesync.monitoring.max-batch-events=500",
            "stylesync.monitoring.reference.retry-after=PT0S"
        })
@SlowTest("a real MLflow server")
class MonitoringApiTest {

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    private static final JsonMapper json = JsonMapper.builder().build();
    private static BundleReferenceFixture fixture;
    private static String plainVersion;
    private static String driftVersion;
    private static String noEmbeddingVersion;

    @Value("${local.server.port}")
    int port;

    private HttpApi api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stylesync.mlflow.tracking-uri", () -> mlflow.uri().toString());
    }

    @BeforeAll
    static void registerReferences() throws Exception {
        fixture = BundleReferenceFixture.load(400, 300);
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(30));
        plainVersion = fixture.register(client, json, true);
        driftVersion = fixture.register(client, json, true);
        noEmbeddingVersion = fixture.register(client, json, false);
    }

    @BeforeEach
    void client() {
        api = new HttpApi(port);
    }

    private HttpApi.Reply post(List<FeatureEvent> events) {
        return api.postJson("/api/v1/events", new FeatureEventBatch(events));
    }

    private static Map<String, JsonNode> byFeature(JsonNode report) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        report.get("columns")
                .forEach(c -> out.put(
                        c.get("kind").asString() + ":" + c.get("feature").asString(), c));
        return out;
    }

    @Test
    void unchangedPhotosShowNoDatasetDriftAndDarkenedOnesDo() {
        double acceptedBefore = metric("stylesync_monitoring_events_total", "outcome=\"accepted\"");
        HttpApi.Reply accepted = post(fixture.events(plainVersion, 1.0, 0, "plain-"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(300);

        JsonNode plain = api.get("/api/v1/drift?model=" + BundleReferenceFixture.MODEL + "&version=" + plainVersion)
                .json();
        Map<String, JsonNode> columns = byFeature(plain);
        assertThat(plain.get("windowEvents").asLong()).isEqualTo(300);
        assertThat(plain.get("referenceSource").asString()).contains("mlflow:stylesync-fashion/" + plainVersion);
        assertThat(columns.keySet())
                .contains(
                        "image:brightness",
                        "image:file_size_kb",
                        "embedding:norm",
                        "embedding:centroid_cosine",
                        "prediction:masterCategory",
                        "confidence:masterCategory");
        // 400 reference rows: Evidently's small-reference tests
        assertThat(columns.get("image:brightness").get("test").asString()).isEqualTo("ks");
        assertThat(columns.get("prediction:masterCategory").get("test").asString())
                .isIn("chisquare", "z");
        assertThat(plain.get("datasetDrift").asBoolean()).as(plain.toString()).isFalse();
        assertThat(plain.get("driftedShare").asDouble()).isLessThan(0.5);

        post(fixture.events(driftVersion, 0.45, 1.0, "dark-"));
        JsonNode dark = api.get("/api/v1/drift?model=" + BundleReferenceFixture.MODEL + "&version=" + driftVersion)
                .json();
        Map<String, JsonNode> darkColumns = byFeature(dark);
        assertThat(dark.get("datasetDrift").asBoolean()).as(dark.toString()).isTrue();
        assertThat(darkColumns.get("image:brightness").get("drifted").asBoolean())
                .isTrue();
        assertThat(darkColumns.get("image:brightness").get("pValue").asDouble()).isLessThan(0.05);
        assertThat(darkColumns.get("embedding:norm").get("drifted").asBoolean()).isTrue();

        // the latest version's report is the default, and its gauges are exported
        assertThat(api.get("/api/v1/drift").json().get("modelVersion").asString())
                .isEqualTo(driftVersion);
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern(
                        "stylesync_drift_score\\{[^}]*feature=\"brightness\"[^}]*kind=\"image\"[^}]*test=\"ks\"[^}]*\\} ");
        assertThat(metrics).containsPattern("stylesync_drift_p_value\\{[^}]*feature=\"brightness\"[^}]*\\} ");
        assertThat(metrics)
                .containsPattern(
                        "stylesync_drift_detected\\{[^}]*feature=\"brightness\"[^}]*kind=\"image\"[^}]*\\} 1.0");
        assertThat(metrics).containsPattern("stylesync_drift_psi\\{[^}]*feature=\"brightness\"[^}]*\\} ");
        assertThat(metrics).containsPattern("stylesync_drift_dataset_detected\\{[^}]*\\} 1.0");
        assertThat(metrics)
                .containsPattern(
                        "stylesync_drift_dataset_share\\{[^}]*\\} 0\\.[5-9]|stylesync_drift_dataset_share\\{[^}]*\\} 1\\.0");
        assertThat(metric("stylesync_monitoring_events_total", "outcome=\"accepted\""))
                .isEqualTo(acceptedBefore + 600);
        assertThat(metrics).containsPattern("stylesync_monitoring_window_events\\{[^}]*\\} 300.0");

        // the page a person reads, over HTTP: self-contained, a histogram per column, flags
        HttpApi.Reply page = api.get("/drift?model=" + BundleReferenceFixture.MODEL + "&version=" + driftVersion);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body())
                .contains("Dataset drift: <b>DETECTED", "brightness", "DRIFT", "<svg")
                .doesNotContain("<script", "<link");
        assertThat(page.body().split("<svg", -1).length - 1)
                .isEqualTo(dark.get("columns").size());
        writeForPeople("drift-page.html", page.body());
    }

    @Test
    void aBundleWithoutEmbeddingStatisticsSkipsEmbeddingDrift() {
        assertThat(post(fixture.events(noEmbeddingVersion, 1.0, 0, "old-")).status())
                .isEqualTo(202);
        JsonNode report = api.get(
                        "/api/v1/drift?model=" + BundleReferenceFixture.MODEL + "&version=" + noEmbeddingVersion)
                .json();
        assertThat(byFeature(report).keySet()).contains("image:brightness").noneMatch(k -> k.startsWith("embedding:"));
        assertThat(report.get("notes").toString()).contains("embedding drift skipped");
    }

    @Test
    void eventsOfAVersionWithoutReferenceAreCountedNotFailed() {
        List<FeatureEvent> events = fixture.events("999", 1.0, 0, "unknown-").subList(0, 5);
        HttpApi.Reply r = post(events);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("noReference").asInt()).isEqualTo(5);
        assertThat(r.json().get("unmonitoredVersions").toString()).contains("stylesync-fashion/999");
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("stylesync_monitoring_events_total\\{[^}]*outcome=\"no_reference\"[^}]*\\} [1-9]");
        HttpApi.Reply missing = api.get("/api/v1/drift?model=stylesync-fashion&version=999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("detail").asString()).contains("not monitored");
    }

    @Test
    void feedbackGivesLiveAccuracyPerHead() {
        List<FeatureEvent> events = fixture.events(plainVersion, 1.0, 0, "fb-").subList(0, 10);
        post(events);
        for (int i = 0; i < 10; i++) {
            FeatureEvent e = events.get(i);
            String predicted = e.predictions().get(BundleReferenceFixture.HEAD).label();
            String truth = i < 8 ? predicted : predicted + "-wrong";
            HttpApi.Reply r = api.postJson(
                    "/api/v1/feedback",
                    Map.of("predictionId", e.predictionId(), "labels", Map.of(BundleReferenceFixture.HEAD, truth)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("correct").get(BundleReferenceFixture.HEAD).asBoolean())
                    .isEqualTo(i < 8);
        }
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("stylesync_monitoring_live_accuracy\\{[^}]*head=\"masterCategory\"[^}]*\\} 0.8");
        assertThat(metrics).containsPattern("stylesync_monitoring_feedback_total\\{[^}]*\\} 10.0");

        HttpApi.Reply unknown = api.postJson(
                "/api/v1/feedback", Map.of("predictionId", "never-seen", "labels", Map.of("masterCategory", "x")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asString()).contains("never-seen");
        HttpApi.Reply noLabels = api.postJson("/api/v1/feedback", Map.of("predictionId", "x"));
        assertThat(noLabels.status()).isEqualTo(400);
        assertThat(noLabels.json().get("detail").asString()).contains("labels");
    }

    @Test
    void badBatchesAreRefusedWholeWithTheProblemNamed() {
        HttpApi.Reply malformed = api.postJson("/api/v1/events", "{\"events\": [ {\"predictionId\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.json().get("detail").asString()).contains("Malformed JSON");

        assertThat(api.postJson("/api/v1/events", "{}").json().get("detail").asString())
                .contains("events");

        FeatureEvent good = fixture.events(plainVersion, 1.0, 0, "bad-").get(0);
        Map<String, Double> negative = new LinkedHashMap<>(good.features());
        negative.put("brightness", -3.0);
        HttpApi.Reply r = post(List.of(good, withFeatures(good, negative)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("events[1].features.brightness", "[0, 255]", "-3");

        Map<String, Double> missing = new LinkedHashMap<>(good.features());
        missing.remove("contrast");
        HttpApi.Reply m = post(List.of(withFeatures(good, missing)));
        assertThat(m.status()).isEqualTo(400);
        assertThat(m.json().get("detail").asString()).contains("events[0].features.contrast", "required");

        String nan = json.writeValueAsString(new FeatureEventBatch(List.of(good)))
                .replaceFirst("\"saturation\":[0-9.Ee-]+", "\"saturation\":\"NaN\"");
        HttpApi.Reply n = api.postJson("/api/v1/events", nan);
        assertThat(n.status()).isEqualTo(400);
        assertThat(n.json().get("detail").asString()).contains("saturation");

        Map<String, Double> absurd = new LinkedHashMap<>(good.features());
        absurd.put("aspect_ratio", 1e9);
        assertThat(post(List.of(withFeatures(good, absurd)))
                        .json()
                        .get("detail")
                        .asString())
                .contains("aspect_ratio");

        FeatureEvent noId = new FeatureEvent(
                " ",
                good.timestamp(),
                good.modelName(),
                good.modelVersion(),
                good.features(),
                good.predictions(),
                good.embedding());
        assertThat(post(List.of(noId)).json().get("detail").asString()).contains("events[0].predictionId");

        FeatureEvent badConfidence = new FeatureEvent(
                "c",
                good.timestamp(),
                good.modelName(),
                good.modelVersion(),
                good.features(),
                Map.of("masterCategory", new FeatureEvent.Prediction("Apparel", 1.5)),
                good.embedding());
        assertThat(post(List.of(badConfidence)).json().get("detail").asString()).contains("confidence");

        List<FeatureEvent> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(good);
        }
        HttpApi.Reply big = post(tooMany);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.contentType()).startsWith("application/problem+json");
        assertThat(big.json().get("detail").asString()).contains("at most 500");
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("stylesync_monitoring_events_total\\{[^}]*outcome=\"rejected\"[^}]*\\} [1-9]");
    }

    /** Leaves the page under target/ for a person (or a screenshot) to look at. */
    private static void writeForPeople(String name, String body) {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", name), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The value of the first series of a metric whose labels contain {@code label}. */
    private double metric(String name, String label) {
        for (String line : api.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static FeatureEvent withFeatures(FeatureEvent e, Map<String, Double> features) {
        return new FeatureEvent(
                e.predictionId(),
                e.timestamp(),
                e.modelName(),
                e.modelVersion(),
                features,
                e.predictions(),
                e.embedding());
    }
}
