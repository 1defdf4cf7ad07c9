package io.stylesync.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.storage.EmbeddedS3Server;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3ClientFactory;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StoredObject;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.ingest.catalog.DatasetCatalog;
import io.stylesync.ingest.support.IngestApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * S3 goes away in the middle of a job: the job retries, then fails with the cause; no version
 * becomes visible; the objects it wrote before the outage are a crashed job's leftovers, and the
 * rerun after S3 returns removes them and commits a complete version. Neither the failure's answer nor the
 * log names the S3 secret key.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@SlowTest("waits out S3 retries")
class StorageOutageTest {

    static final Path DATA = tempDir();
    static final int PORT = freePort();
    static volatile EmbeddedS3Server server =
            EmbeddedS3Server.start(DATA, "127.0.0.1", PORT, "outage", "outage-secret");
    static final S3Client CLIENT = S3ClientFactory.create(server.clientProperties());
    static final ObjectStore STORE = new ObjectStore(CLIENT, server.clientProperties());

    @Value("${local.server.port}")
    int port;

    @Autowired
    DatasetCatalog catalog;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("stylesync.storage.endpoint", () -> "http://127.0.0.1:" + PORT);
        registry.add("stylesync.storage.access-key", () -> "outage");
        registry.add("stylesync.storage.secret-key", () -> "outage-secret");
        registry.add("stylesync.storage.embedded.enabled", () -> "false");
        registry.add("stylesync.storage.max-attempts", () -> "3");
        registry.add("stylesync.ingest.parallelism", () -> "2");
    }

    @AfterAll
    static void stop() {
        CLIENT.close();
        server.close();
    }

    @Test
    void anOutageMidJobFailsItWithTheCauseAndTheRerunCommitsACompleteVersion(CapturedOutput output) throws Exception {
        STORE.ensureBucket("raw-outage");
        STORE.ensureBucket("stylesync");
        StringBuilder csv = new StringBuilder("id,articleType\n");
        IntStream.range(0, 600)
                .parallel()
                .forEach(i -> STORE.put(
                        S3Location.of("raw-outage", "data/images/" + i + ".jpg"),
                        ImageCorpus.jpeg(160, 160, i),
                        "image/jpeg"));
        IntStream.range(0, 600).forEach(i -> csv.append(i).append(i % 2 == 0 ? ",Shirts\n" : ",Shoes\n"));
        STORE.put(S3Location.of("raw-outage", "data/styles.csv"), csv.toString().getBytes(), "text/csv");
        IngestApi api = new IngestApi(port);
        Map<String, Object> request = Map.of(
                "source",
                "s3://raw-outage/data",
                "layout",
                "kaggle-styles",
                "dataset",
                "outage",
                "targetAttributes",
                List.of("articleType"));

        IngestApi.Reply accepted = api.postJson("/api/v1/datasets", request);
        assertThat(accepted.status()).isEqualTo(202);
        String jobId = accepted.json().get("id").asString();
        awaitProcessed(api, jobId, 30);
        server.close(); // S3 goes away mid-job

        JsonNode failed = api.awaitJob(jobId, Duration.ofMinutes(2));
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("after retries");
        assertThat(failed.toString()).doesNotContain("outage-secret");
        String version = failed.get("version").asString();

        server = EmbeddedS3Server.start(DATA, "127.0.0.1", PORT, "outage", "outage-secret"); // S3 is back, data intact
        S3Location prefix = DatasetPaths.versionPrefix("stylesync", "outage", version);
        long leftovers = STORE.list(prefix).count();
        assertThat(leftovers).as("objects written before the outage").isPositive();
        assertThat(STORE.exists(prefix.resolve(DatasetPaths.MANIFEST))).isFalse();
        assertThat(api.get("/api/v1/datasets").json().toString()).doesNotContain(version);
        assertThat(api.get("/api/v1/datasets/" + version).status()).isEqualTo(404);

        JsonNode rerun = api.awaitJob(
                api.postJson("/api/v1/datasets", request).json().get("id").asString(), Duration.ofMinutes(3));
        assertThat(rerun.get("state").asString()).as(rerun.toString()).isEqualTo("SUCCEEDED");
        assertThat(rerun.get("version").asString()).isEqualTo(version);
        assertThat(rerun.get("unchanged").asBoolean()).isFalse();
        List<StoredObject> images = STORE.list(prefix.resolve("images/")).toList();
        assertThat(images).hasSize(600);
        assertThat(api.get("/api/v1/datasets/" + version)
                        .json()
                        .get("counts")
                        .get("accepted")
                        .asLong())
                .isEqualTo(600);
        assertThat(output.getAll())
                .as("the log of the outage and the rerun")
                .contains("after retries")
                .doesNotContain("outage-secret");
    }

    @Test
    void theSweepRemovesStaleUncommittedVersionsOnly() {
        STORE.ensureBucket("stylesync");
        S3Location orphan = DatasetPaths.versionPrefix("stylesync", "sweep", "v00000000000000aa");
        STORE.put(orphan.resolve("images/1.jpg"), new byte[] {1}, "image/jpeg");
        S3Location committed = DatasetPaths.versionPrefix("stylesync", "sweep", "v00000000000000bb");
        STORE.put(committed.resolve("images/1.jpg"), new byte[] {1}, "image/jpeg");
        STORE.put(committed.resolve(DatasetPaths.MANIFEST), "{}".getBytes(), "application/json");

        assertThat(catalog.sweepOrphans(Duration.ofHours(1)))
                .as("too recent to be an orphan")
                .isZero();
        catalog.sweepOrphans(Duration.ZERO.minusSeconds(5));

        assertThat(STORE.hasAnyUnder(orphan)).isFalse();
        assertThat(STORE.list(committed).count()).isEqualTo(2);
    }

    private static void awaitProcessed(IngestApi api, String jobId, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/api/v1/ingest-jobs/" + jobId).json();
            if (job.get("counts").get("processed").asLong() >= atLeast) {
                return;
            }
            assertThat(job.get("state").asString()).isIn("QUEUED", "RUNNING");
            Thread.sleep(5);
        }
        throw new AssertionError("job did not start processing");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("s3-outage");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
