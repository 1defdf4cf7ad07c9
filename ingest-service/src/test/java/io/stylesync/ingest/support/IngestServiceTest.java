package io.stylesync.ingest.support;

import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of ingest-service tests: the service on a random port, pointed at a real S3 endpoint
 * (S3Proxy over HTTP) that the test also uses to lay out raw data and inspect the output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IngestServiceTest {

    public static final String OUTPUT_BUCKET = "stylesync";

    /** Shared by every subclass: they share one cached Spring context, pointed at this server. */
    protected static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    /** Buckets created so far; computeIfAbsent makes parallel uploaders wait until the bucket exists. */
    private static final Map<String, Boolean> BUCKETS = new ConcurrentHashMap<>();

    @Value("${local.server.port}")
    int port;

    protected IngestApi api;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("stylesync.storage.endpoint", () -> s3.endpoint().toString());
        registry.add("stylesync.storage.access-key", () -> s3.accessKey());
        registry.add("stylesync.storage.secret-key", () -> s3.secretKey());
        registry.add("stylesync.storage.embedded.enabled", () -> "false");
        registry.add("stylesync.storage.bucket", () -> OUTPUT_BUCKET);
        registry.add("stylesync.storage.max-attempts", () -> "2");
        registry.add("stylesync.ingest.parallelism", () -> "4");
    }

    @BeforeEach
    void client() {
        api = new IngestApi(port);
        store().ensureBucket(OUTPUT_BUCKET);
    }

    protected static ObjectStore store() {
        return s3.store();
    }

    protected static void put(String bucket, String key, byte[] bytes) {
        BUCKETS.computeIfAbsent(bucket, b -> {
            store().ensureBucket(b);
            return true;
        });
        store().put(S3Location.of(bucket, key), bytes, "application/octet-stream");
    }

    protected static String text(S3Location location) {
        return new String(store().readAllBytes(location, 64L * 1024 * 1024), StandardCharsets.UTF_8);
    }

    /** Submits an ingest request, asserts 202, and waits for the job to end. */
    protected JsonNode ingest(Map<String, Object> request, Duration timeout) {
        IngestApi.Reply reply = api.postJson("/api/v1/datasets", request);
        if (reply.status() != 202) {
            throw new AssertionError("expected 202, got " + reply.status() + ": " + reply.body());
        }
        return api.awaitJob(reply.json().get("id").asString(), timeout);
    }
}
