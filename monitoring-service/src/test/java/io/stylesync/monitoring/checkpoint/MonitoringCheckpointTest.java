package io.stylesync.monitoring.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.monitoring.MonitoringApplication;
import io.stylesync.monitoring.feedback.LiveAccuracy;
import io.stylesync.monitoring.support.BundleReferenceFixture;
import io.stylesync.monitoring.support.MonitoringInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The monitoring state survives a restart: the service is started, fed events and feedback over HTTP, stopped (its
 * last checkpoint written), and started again on the same real S3 endpoint (S3Proxy); a corrupt or foreign checkpoint
 * is refused whole.
 */
class MonitoringCheckpointTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final S3Location CHECKPOINT = S3Location.of("stylesync", "monitoring/checkpoint.json");
    static final String DRIFT = "/api/v1/drift?model=" + BundleReferenceFixture.MODEL + "&version=1";

    @Test
    void windowsFeedbackAndPredictionLogSurviveARestartAndACorruptCheckpointIsRefused() throws Exception {
        BundleReferenceFixture fixture = BundleReferenceFixture.load(200, 120);
        MonitoringInstance.writeReference(s3, fixture);
        List<FeatureEvent> events = fixture.events("1", 0.8, 0.5, "p-");

        JsonNode before;
        Map<String, long[]> accuracyBefore;
        try (ConfigurableApplicationContext first = start()) {
            HttpApi api = api(first);
            // 120 events through 4 buckets of 30, past the 50-event confidence baseline
            for (List<FeatureEvent> batch : List.of(events.subList(0, 70), events.subList(70, 120))) {
                HttpApi.Reply r = api.postJson("/api/v1/events", new FeatureEventBatch(batch));
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                assertThat(r.json().get("accepted").asInt()).isEqualTo(batch.size());
            }
            for (FeatureEvent e : events.subList(0, 10)) {
                HttpApi.Reply r = api.postJson(
                        "/api/v1/feedback",
                        Map.of(
                                "predictionId",
                                e.predictionId(),
                                "labels",
                                Map.of(BundleReferenceFixture.HEAD, "Apparel")));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            before = withoutTime(api.get(DRIFT).json());
            assertThat(before.get("windowEvents").asLong()).isEqualTo(120);
            assertThat(before.toString()).contains("\"kind\":\"confidence\"");
            accuracyBefore = first.getBean(LiveAccuracy.class).counts();
            // the report archive (every second here) writes the version's report as JSON and HTML
            S3Location reports =
                    S3Location.of("stylesync", "monitoring/reports/" + BundleReferenceFixture.MODEL + "/1/");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> archived = List.of();
            while (System.nanoTime() < deadline) {
                archived = s3.store()
                        .list(reports)
                        .map(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
                        .sorted()
                        .toList();
                String newest = archived.stream()
                        .filter(k -> k.endsWith(".json"))
                        .reduce((x, y) -> y)
                        .orElse(null);
                if (newest != null
                        && JSON.readTree(s3.store().readAllBytes(reports.resolve(newest), 64 << 20))
                                        .get("windowEvents")
                                        .asLong()
                                == 120) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(archived)
                    .anyMatch(k -> k.matches("\\d{8}T\\d{6}Z\\.json"))
                    .anyMatch(k -> k.matches("\\d{8}T\\d{6}Z\\.html"));
            String newest = archived.stream()
                    .filter(k -> k.endsWith(".json"))
                    .reduce((x, y) -> y)
                    .orElseThrow();
            assertThat(JSON.readTree(s3.store().readAllBytes(reports.resolve(newest), 64 << 20))
                            .get("windowEvents")
                            .asLong())
                    .as("the newest archived report holds the whole window")
                    .isEqualTo(120);
            assertThat(accuracyBefore.get(BundleReferenceFixture.HEAD)[1]).isEqualTo(10);
        } // stopping writes the checkpoint (the interval is an hour: only the shutdown write can have done it)
        assertThat(s3.store().exists(CHECKPOINT)).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            HttpApi api = api(second);
            JsonNode after = awaitMonitored(api);
            assertThat(withoutTime(after)).isEqualTo(before);
            assertThat(second.getBean(LiveAccuracy.class).counts().get(BundleReferenceFixture.HEAD))
                    .containsExactly(accuracyBefore.get(BundleReferenceFixture.HEAD));
            // the prediction log came back too: feedback on an event received before the restart is accepted
            HttpApi.Reply r = api.postJson(
                    "/api/v1/feedback",
                    Map.of(
                            "predictionId",
                            events.get(50).predictionId(),
                            "labels",
                            Map.of(BundleReferenceFixture.HEAD, "Apparel")));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            MonitoringCheckpoint checkpoint = second.getBean(MonitoringCheckpoint.class);
            byte[] saved = s3.store().readAllBytes(CHECKPOINT, 64 << 20);
            assertThat(checkpoint.parse(saved).monitors()).containsKey(BundleReferenceFixture.MODEL + "/1");
            assertThatThrownBy(() -> checkpoint.parse(
                            "{\"schema\":\"someone.else\",\"version\":1,\"sha256\":\"x\",\"bytes\":2}\n{}".getBytes()))
                    .hasMessageContaining("foreign schema 'someone.else'");
            assertThatThrownBy(() -> checkpoint.parse(("{\"schema\":\"" + MonitoringCheckpoint.SCHEMA
                                    + "\",\"version\":99,\"sha256\":\"x\",\"bytes\":2}\n{}")
                            .getBytes()))
                    .hasMessageContaining("schema version 99");
        }

        byte[] saved = s3.store().readAllBytes(CHECKPOINT, 64 << 20);
        saved[saved.length - 20] ^= 0x01; // one flipped bit in the body
        s3.store().put(CHECKPOINT, saved, "application/x-ndjson");
        try (ConfigurableApplicationContext third = start()) {
            HttpApi api = api(third);
            assertThatThrownBy(() -> third.getBean(MonitoringCheckpoint.class).parse(saved))
                    .hasMessageContaining("corrupt");
            Thread.sleep(2000); // time for a (wrongly) restored reference to load
            assertThat(api.get(DRIFT).status())
                    .as("nothing of a corrupt checkpoint is loaded")
                    .isEqualTo(404);
            assertThat(third.getBean(LiveAccuracy.class).counts()).isEmpty();
            assertThat(s3.store().list(S3Location.of("stylesync", "monitoring/checkpoint.json.refused-")))
                    .as("the refused checkpoint is kept for a look")
                    .hasSize(1);
            HttpApi.Reply r = api.postJson(
                    "/api/v1/feedback",
                    Map.of(
                            "predictionId",
                            events.get(50).predictionId(),
                            "labels",
                            Map.of(BundleReferenceFixture.HEAD, "Apparel")));
            assertThat(r.status()).isEqualTo(404);
        }
    }

    private static JsonNode awaitMonitored(HttpApi api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpApi.Reply r = null;
        while (System.nanoTime() < deadline) {
            r = api.get(DRIFT);
            if (r.status() == 200) {
                return r.json();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("version 1 not monitored after the restart: " + r.body());
    }

    private static JsonNode withoutTime(JsonNode report) {
        ObjectNode copy = (ObjectNode) report.deepCopy();
        copy.remove("computedAt");
        return copy;
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> props = MonitoringInstance.properties(s3);
        props.put("stylesync.monitoring.window.buckets", "10");
        props.put("stylesync.monitoring.window.events-per-bucket", "30");
        props.put("stylesync.monitoring.window.confidence-baseline", "50");
        props.put("stylesync.monitoring.checkpoint.interval", "PT1H");
        props.put("stylesync.monitoring.checkpoint.report-interval", "PT1S");
        // as command-line arguments: they win over application.yml, as a deployment's environment does
        return new SpringApplicationBuilder(MonitoringApplication.class)
                .run(props.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static HttpApi api(ConfigurableApplicationContext context) {
        return new HttpApi(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
