package io.stylesync.training.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowRun;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.training.TrainingApplication;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training run left RUNNING by an instance that was killed (its record no longer rewritten) is shown INTERRUPTED
 * by the next instance, and its MLflow run, left RUNNING too, is set KILLED: real S3 (S3Proxy) and real MLflow.
 */
@SlowTest("a real MLflow server")
class TrainingRunHistoryTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    @Test
    void aRunAbandonedByAKilledInstanceIsInterruptedHereAndKilledInMlflow() throws Exception {
        s3.store().ensureBucket("stylesync");
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(30));
        MlflowRun left = client.createRun(client.getOrCreateExperiment("stylesync"), "killed-run", Map.of());
        assertThat(client.getRun(left.runId()).status()).isEqualTo("RUNNING");
        String id = UUID.randomUUID().toString();
        Instant started = Instant.now();
        s3.store()
                .put(
                        S3Location.of("stylesync", "jobs/training/" + id + ".json"),
                        JsonMapper.builder()
                                .build()
                                .writeValueAsBytes(new TrainingRunView(
                                        id,
                                        "fixture-20260101-000000",
                                        "stylesync-fashion",
                                        RunState.RUNNING,
                                        RunPhase.TRAINING,
                                        3,
                                        10,
                                        60,
                                        60,
                                        0.7,
                                        Map.of("val_accuracy", 0.5),
                                        40L,
                                        left.runId(),
                                        null,
                                        "NOT_STARTED",
                                        0,
                                        started,
                                        started,
                                        null,
                                        null)),
                        "application/json");

        try (ConfigurableApplicationContext context = start()) {
            HttpApi api = new HttpApi(
                    ((WebServerApplicationContext) context).getWebServer().getPort());
            JsonNode run = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                run = api.get("/api/v1/training-runs/" + id).json();
                if ("INTERRUPTED".equals(run.get("state").asString())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("INTERRUPTED");
            assertThat(run.get("error").asString()).contains("the instance running it stopped");
            assertThat(run.get("epoch").asInt()).isEqualTo(3);
            assertThat(run.hasNonNull("modelVersion")).isFalse();
            assertThat(api.get("/api/v1/training-runs").json().findValuesAsString("id"))
                    .contains(id);
            assertThat(mlflow.awaitRunStatus(left.runId(), "KILLED", Duration.ofSeconds(30)))
                    .isEqualTo("KILLED");
            HttpApi.Reply cancel = api.postJson("/api/v1/training-runs/" + id + "/cancel", "{}");
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
        }
    }

    private static ConfigurableApplicationContext start() throws Exception {
        Map<String, Object> props = new HashMap<>(s3.springProperties());
        props.put("server.port", "0");
        props.put("stylesync.storage.bucket", "stylesync");
        props.put("stylesync.mlflow.tracking-uri", mlflow.uri().toString());
        props.put(
                "stylesync.training.work-dir",
                Files.createTempDirectory("training-work").toString());
        props.put("stylesync.jobs.heartbeat", "PT0.5S");
        props.put("stylesync.jobs.lease", "PT2S");
        // as command-line arguments: they win over application.yml, as a deployment's environment does
        return new SpringApplicationBuilder(TrainingApplication.class)
                .run(props.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }
}
