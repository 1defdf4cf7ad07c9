package io.stylesync.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.ServiceProcess;
import io.stylesync.common.testing.SharedData;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.ingest.IngestApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM to a real ingest-service process in the middle of a job (full-resolution photos being decoded): the stopping
 * instance itself records the job INTERRUPTED with its counts, and the version it was writing never gets a manifest,
 * so it is never listed as committed.
 */
@SlowTest("ingest-service as a child JVM")
class IngestSigtermTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void sigtermMidJobRecordsItInterruptedAndCommitsNoVersion() throws Exception {
        ObjectStore store = s3.store();
        store.ensureBucket("stylesync");
        store.ensureBucket("raw-sigterm");
        List<Path> photos;
        try (Stream<Path> files = Files.list(SharedData.require("datasets/fashion-products-photos/images"))) {
            photos = files.sorted().limit(240).toList();
        }
        for (int i = 0; i < photos.size(); i++) {
            store.put(
                    S3Location.of("raw-sigterm", "photos/" + (i % 2 == 0 ? "a" : "b") + "/" + i + ".jpg"),
                    Files.readAllBytes(photos.get(i)),
                    "image/jpeg");
        }
        int port = ServiceProcess.freePort();
        Path log = Files.createTempFile("ingest-child", ".log");
        log.toFile().deleteOnExit();
        HttpApi api = new HttpApi(port);
        Map<String, Object> props = new HashMap<>(s3.springProperties());
        props.put("server.port", port);
        props.put("stylesync.storage.bucket", "stylesync");

        Process service = ServiceProcess.start(IngestApplication.class, props, log, "-Xmx1g");
        String id;
        try {
            ServiceProcess.await(() -> ready(api), service, log, Duration.ofMinutes(2));
            HttpApi.Reply accepted = api.postJson(
                    "/api/v1/datasets",
                    Map.of(
                            "source", "s3://raw-sigterm/photos",
                            "layout", "image-folder",
                            "dataset", "sigterm",
                            "minClassCount", 1));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            id = accepted.json().get("id").asString();
            ServiceProcess.await(
                    () -> {
                        JsonNode job = api.get("/api/v1/ingest-jobs/" + id).json();
                        long processed = job.get("counts").get("processed").asLong();
                        return job.get("state").asString().equals("RUNNING")
                                && processed > 0
                                && processed < photos.size() / 2;
                    },
                    service,
                    log,
                    Duration.ofMinutes(2));
        } finally {
            service.destroy(); // SIGTERM
        }
        assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();

        JsonNode record =
                JSON.readTree(store.readAllBytes(S3Location.of("stylesync", "jobs/ingest/" + id + ".json"), 1 << 20));
        assertThat(record.get("state").asString()).as(record.toString()).isEqualTo("INTERRUPTED");
        assertThat(record.get("error").asString()).contains("the service stopped");
        assertThat(record.get("counts").get("processed").asLong()).isBetween(1L, (long) photos.size() - 1);
        assertThat(record.hasNonNull("manifest")).isFalse();
        try (Stream<String> keys =
                store.list(DatasetPaths.datasetPrefix("stylesync", "sigterm")).map(o -> o.key())) {
            assertThat(keys.filter(k -> k.endsWith("/" + DatasetPaths.MANIFEST)))
                    .as("manifests of the dataset")
                    .isEmpty();
        }
    }

    private static boolean ready(HttpApi api) {
        try {
            return api.get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
