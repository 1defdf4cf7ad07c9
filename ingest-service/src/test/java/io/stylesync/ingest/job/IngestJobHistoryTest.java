package io.stylesync.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.ingest.IngestApplication;
import io.stylesync.ingest.support.IngestApi;
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
 * Ingest job records outlive the process: the service is started, stopped and started again on one real S3
 * endpoint (S3Proxy over HTTP), as a rolling restart does.
 */
class IngestJobHistoryTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    @Test
    void historySurvivesARestartAndAJobAbandonedByAKilledInstanceIsInterrupted() throws Exception {
        ObjectStore store = s3.store();
        store.ensureBucket("stylesync");
        store.ensureBucket("raw-history");
        for (int i = 0; i < 12; i++) {
            String label = i % 2 == 0 ? "shirt" : "shoe";
            store.put(
                    S3Location.of("raw-history", "photos/" + label + "/" + i + ".jpg"),
                    ImageCorpus.jpeg(64, 64, i),
                    "image/jpeg");
        }
        Map<String, Object> request = Map.of(
                "source", "s3://raw-history/photos",
                "layout", "image-folder",
                "dataset", "history",
                "imageSize", 32,
                "minClassCount", 1);

        String succeeded;
        try (ConfigurableApplicationContext first = start()) {
            IngestApi api = api(first);
            IngestApi.Reply reply = api.postJson("/api/v1/datasets", request);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            succeeded = reply.json().get("id").asString();
            assertThat(api.awaitJob(succeeded, Duration.ofMinutes(2))
                            .get("state")
                            .asString())
                    .isEqualTo("SUCCEEDED");
        }
        // what kill -9 of an instance in the middle of a job leaves: a RUNNING record nobody rewrites any more
        String abandoned = UUID.randomUUID().toString();
        Instant started = Instant.now();
        store.put(
                S3Location.of("stylesync", "jobs/ingest/" + abandoned + ".json"),
                JsonMapper.builder()
                        .build()
                        .writeValueAsBytes(new IngestJobView(
                                abandoned,
                                "history",
                                null,
                                JobState.RUNNING,
                                JobPhase.PROCESSING,
                                false,
                                new IngestJobView.Counts(12, 12, 5, 5, 0, 0),
                                40.0,
                                3L,
                                started,
                                started,
                                null,
                                null,
                                null)),
                "application/json");

        try (ConfigurableApplicationContext second = start()) {
            IngestApi api = api(second);
            JsonNode done = api.get("/api/v1/ingest-jobs/" + succeeded).json();
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("manifest").asString()).startsWith("s3://stylesync/");
            JsonNode list = api.get("/api/v1/ingest-jobs").json();
            assertThat(list.findValuesAsString("id")).contains(succeeded, abandoned);

            JsonNode interrupted = awaitState(api, abandoned, "INTERRUPTED");
            assertThat(interrupted.get("error").asString()).contains("the instance running it stopped");
            assertThat(interrupted.hasNonNull("finishedAt")).isTrue();
            assertThat(interrupted.get("counts").get("processed").asLong()).isEqualTo(5);
            assertThat(interrupted.hasNonNull("etaSeconds")).isFalse();

            assertThat(api.get("/api/v1/ingest-jobs/not-a-job").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/ingest-jobs/..%2F..%2Fetc").status()).isBetween(400, 499);
        }
    }

    private static JsonNode awaitState(IngestApi api, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = api.get("/api/v1/ingest-jobs/" + id).json();
            if (state.equals(job.get("state").asString())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " not " + state + " within 30 s: " + job);
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> props = new HashMap<>(s3.springProperties());
        props.put("server.port", "0");
        props.put("stylesync.storage.bucket", "stylesync");
        props.put("stylesync.storage.max-attempts", "2");
        props.put("stylesync.jobs.heartbeat", "PT0.5S");
        props.put("stylesync.jobs.lease", "PT2S");
        // as command-line arguments: they win over application.yml, as a deployment's environment does
        return new SpringApplicationBuilder(IngestApplication.class)
                .run(props.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static IngestApi api(ConfigurableApplicationContext context) {
        return new IngestApi(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
