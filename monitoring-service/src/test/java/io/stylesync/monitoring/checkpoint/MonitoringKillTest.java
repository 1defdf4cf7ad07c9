package io.stylesync.monitoring.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.ServiceProcess;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.monitoring.MonitoringApplication;
import io.stylesync.monitoring.support.BundleReferenceFixture;
import io.stylesync.monitoring.support.MonitoringInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kill -9 of a real monitoring-service process: the service runs as a child JVM (its own classes and dependencies,
 * the test's S3Proxy as its object storage), is sent N events over HTTP, is killed with SIGKILL once a checkpoint
 * written after the last acknowledgement is in S3, and started again: its window holds all N events. The guarantee
 * under test: an acknowledged event survives a crash once the next checkpoint (at most {@code checkpoint.interval}
 * later) is written; events acknowledged inside that interval before a crash are the window that can be lost. A
 * SIGTERM instead writes a final checkpoint: nothing acknowledged is lost.
 */
@SlowTest("starts the service twice as a child JVM")
class MonitoringKillTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final S3Location CHECKPOINT = S3Location.of("stylesync", "monitoring/checkpoint.json");
    /** The SIGTERM test's own checkpoint: the two tests share the S3 server. */
    static final String SIGTERM_CHECKPOINT = "monitoring/checkpoint-sigterm.json";

    static final String DRIFT = "/api/v1/drift?model=" + BundleReferenceFixture.MODEL + "&version=1";

    /** One child process's port, log and client, and the fixture whose reference is in S3. */
    record Child(BundleReferenceFixture fixture, int port, Path log, HttpApi api) {

        static Child prepare() throws Exception {
            BundleReferenceFixture fixture = BundleReferenceFixture.load(200, 100);
            MonitoringInstance.writeReference(s3, fixture);
            int port = ServiceProcess.freePort();
            Path log = Files.createTempFile("monitoring-child", ".log");
            log.toFile().deleteOnExit();
            return new Child(fixture, port, log, new HttpApi(port));
        }

        /** Starts the service again on the same checkpoint: its drift window must hold {@code expected} events. */
        void restartAndReadWindow(String checkpointInterval, String checkpointKey, int expected) throws Exception {
            Process again = start(port, log, checkpointInterval, checkpointKey);
            try {
                ServiceProcess.await(
                        () -> up(api) && api.get(DRIFT).status() == 200, again, log, Duration.ofSeconds(120));
                assertThat(api.get(DRIFT).json().get("windowEvents").asLong()).isEqualTo(expected);
            } finally {
                again.destroyForcibly();
                again.waitFor();
            }
        }

        /** Posts one batch of 100 events per round; returns how many the service acknowledged. */
        int send(String... rounds) {
            int acknowledged = 0;
            for (String round : rounds) {
                List<FeatureEvent> events = fixture.events("1", 1.0, 0, round);
                HttpApi.Reply r = api.postJson("/api/v1/events", new FeatureEventBatch(events));
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                acknowledged += r.json().get("accepted").asInt();
            }
            return acknowledged;
        }
    }

    @Test
    void eventsAcknowledgedBeforeTheLastCheckpointSurviveKillDashNine() throws Exception {
        Child child = Child.prepare();
        int port = child.port();
        Path log = child.log();
        HttpApi api = child.api();

        Process first = start(port, log, "PT1S", CHECKPOINT.key());
        int acknowledged = 0;
        Instant lastAck;
        try {
            ServiceProcess.await(() -> up(api), first, log, Duration.ofSeconds(120));
            acknowledged = child.send("a-", "b-", "c-");
            lastAck = Instant.now();
            assertThat(api.get(DRIFT).json().get("windowEvents").asLong()).isEqualTo(acknowledged);
            ServiceProcess.await(() -> checkpointWrittenAfter(lastAck), first, log, Duration.ofSeconds(120));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
            first.waitFor();
        }
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        assertThat(acknowledged).isEqualTo(300);
        child.restartAndReadWindow("PT1S", CHECKPOINT.key(), acknowledged);
    }

    @Test
    void sigtermWritesAFinalCheckpointSoEveryAcknowledgedEventSurvives() throws Exception {
        Child child = Child.prepare();
        int port = child.port();
        Path log = child.log();
        HttpApi api = child.api();

        // no periodic checkpoint within the test: only the one written on SIGTERM can carry the events
        Process first = start(port, log, "PT1H", SIGTERM_CHECKPOINT);
        int acknowledged = 0;
        try {
            ServiceProcess.await(() -> up(api), first, log, Duration.ofSeconds(120));
            acknowledged = child.send("a-", "b-");
        } finally {
            first.destroy(); // SIGTERM
            assertThat(first.waitFor(90, TimeUnit.SECONDS))
                    .as("exits on SIGTERM")
                    .isTrue();
        }

        assertThat(acknowledged).isEqualTo(200);
        child.restartAndReadWindow("PT1H", SIGTERM_CHECKPOINT, acknowledged);
    }

    private static boolean checkpointWrittenAfter(Instant t) {
        if (!s3.store().exists(CHECKPOINT)) {
            return false;
        }
        byte[] bytes = s3.store().readAllBytes(CHECKPOINT, 64 << 20);
        int newline = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8).indexOf('\n');
        JsonNode header = JSON.readTree(new String(bytes, 0, newline, StandardCharsets.UTF_8));
        return Instant.parse(header.get("writtenAt").asString()).isAfter(t);
    }

    private static boolean up(HttpApi api) {
        try {
            return api.get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Process start(int port, Path log, String checkpointInterval, String checkpointKey)
            throws IOException {
        Map<String, Object> props = MonitoringInstance.properties(s3);
        props.put("server.port", port);
        props.put("stylesync.monitoring.checkpoint.key", checkpointKey);
        props.put("stylesync.monitoring.checkpoint.interval", checkpointInterval);
        return ServiceProcess.start(MonitoringApplication.class, props, log, "-Xmx512m");
    }
}
