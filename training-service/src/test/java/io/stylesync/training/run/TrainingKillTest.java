package io.stylesync.training.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.ServiceProcess;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.training.TrainingApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kill -9 of a real training-service process mid-run: the service runs as a child JVM against the test's S3Proxy and
 * a real MLflow, is killed with SIGKILL while the run embeds images, and is started again: the run is INTERRUPTED in
 * the API and KILLED in MLflow, and no model version was registered. Then SIGTERM to the second instance mid-run:
 * it stops the run itself (no restart needed) and its record says INTERRUPTED, its MLflow run KILLED.
 */
@SlowTest("a real MLflow server and the service started twice as a child JVM")
class TrainingKillTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    static final String VERSION = "v00000000000000e1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRunKilledMidwayIsInterruptedAfterTheRestartAndKilledInMlflowAndSigtermInterruptsItAtOnce() throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetFixture.write(s3.store(), "stylesync", "fixture-kill", VERSION, 40);
        int port = ServiceProcess.freePort();
        Path work = Files.createTempDirectory("training-kill");
        Path log = work.resolve("service.log");
        HttpApi api = new HttpApi(port);

        Process first = start(port, work, log);
        String id;
        String mlflowRunId;
        try {
            await(api, first, log, null, r -> true);
            HttpApi.Reply accepted = api.postJson(
                    "/api/v1/training-runs",
                    Map.of("datasetVersion", VERSION, "targetAttributes", List.of("masterCategory")));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            id = accepted.json().get("id").asString();
            JsonNode running = await(api, first, log, id, TrainingKillTest::embedding);
            mlflowRunId = running.get("mlflowRunId").asString();
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing cancelled, nothing recorded
            first.waitFor();
        }
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(20));
        assertThat(client.getRun(mlflowRunId).status())
                .as("left behind by the kill")
                .isEqualTo("RUNNING");

        Process second = start(port, work, log);
        try {
            JsonNode ended =
                    await(api, second, log, id, r -> r.get("state").asString().equals("INTERRUPTED"));
            assertThat(ended.get("error").asString()).contains("the instance running it stopped");
            assertThat(ended.hasNonNull("modelVersion")).isFalse();
            assertThat(ended.get("registration").asString()).isEqualTo("NOT_STARTED");
            assertThat(mlflow.awaitRunStatus(mlflowRunId, "KILLED", Duration.ofSeconds(30)))
                    .isEqualTo("KILLED");

            // SIGTERM mid-run: the stopping instance itself records the run INTERRUPTED and kills its MLflow run
            String stoppedId = api.postJson(
                            "/api/v1/training-runs",
                            Map.of("datasetVersion", VERSION, "targetAttributes", List.of("masterCategory")))
                    .json()
                    .get("id")
                    .asString();
            String stoppedRunId = await(api, second, log, stoppedId, TrainingKillTest::embedding)
                    .get("mlflowRunId")
                    .asString();
            second.destroy();
            assertThat(second.waitFor(90, TimeUnit.SECONDS))
                    .as("exits on SIGTERM")
                    .isTrue();
            JsonNode recorded = JSON.readTree(s3.store()
                    .readAllBytes(S3Location.of("stylesync", "jobs/training/" + stoppedId + ".json"), 1 << 20));
            assertThat(recorded.get("state").asString()).isEqualTo("INTERRUPTED");
            assertThat(recorded.get("error").asString()).contains("the service stopped");
            assertThat(recorded.get("registration").asString()).isEqualTo("NOT_STARTED");
            assertThat(client.getRun(stoppedRunId).status()).isEqualTo("KILLED");
        } finally {
            second.destroyForcibly();
            second.waitFor();
        }
    }

    private static boolean embedding(JsonNode r) {
        return r.get("state").asString().equals("RUNNING")
                && r.get("phase").asString().equals("FEATURES")
                && r.get("imagesEmbedded").asLong() > 0
                && r.hasNonNull("mlflowRunId");
    }

    private static JsonNode await(HttpApi api, Process process, Path log, String id, Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the service exited (" + process.exitValue() + "):\n" + ServiceProcess.tail(log));
            }
            try {
                HttpApi.Reply r = api.get(id == null ? "/actuator/health/readiness" : "/api/v1/training-runs/" + id);
                if (r.status() == 200 && done.test(r.json())) {
                    return r.json();
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met within 3 min; service log:\n" + ServiceProcess.tail(log));
    }

    private static Process start(int port, Path work, Path log) throws IOException {
        Map<String, Object> props = new LinkedHashMap<>(s3.springProperties());
        props.put("server.port", port);
        props.put("stylesync.storage.bucket", "stylesync");
        props.put("stylesync.mlflow.tracking-uri", mlflow.uri());
        props.put("stylesync.training.work-dir", work.resolve("work"));
        props.put("stylesync.training.default-backbone", DatasetFixture.backbone());
        props.put("stylesync.jobs.heartbeat", "PT0.5S");
        props.put("stylesync.jobs.lease", "PT3S");
        return ServiceProcess.start(TrainingApplication.class, props, log, "-Xmx1g", "-Dai.djl.offline=true");
    }
}
