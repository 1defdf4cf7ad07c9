package io.stylesync.training.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quality bar on the real Fashion Product Images (all 9,172 labelled photos) with the frozen
 * MobileNetV2 backbone and the default heads (hidden layer of 512): test accuracy >= 87% for articleType (top-20
 * classes + Other) and >= 99% for masterCategory. Measured 0.880 and 0.9995 on an AMD EPYC (2026-12-03; linear heads
 * gave 0.859): the articleType floor sits a point lower because another CPU's summation order can move the best
 * epoch. Slow (one backbone pass over every photo, ~6 min on 2 cores).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@SlowTest("a real MLflow server and the full shared dataset")
class QualityBarTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        String workDir = Files.createTempDirectory("quality-work").toString();
        r.add("stylesync.storage.endpoint", () -> s3.endpoint().toString());
        r.add("stylesync.storage.access-key", () -> s3.accessKey());
        r.add("stylesync.storage.secret-key", () -> s3.secretKey());
        r.add("stylesync.mlflow.tracking-uri", () -> mlflow.uri().toString());
        r.add("stylesync.training.work-dir", () -> workDir);
        r.add(
                "stylesync.training.default-backbone",
                () -> DatasetFixture.backbone().toString());
    }

    @Test
    void frozenMobileNetV2MeetsTheBarOnTheRealCatalogue() throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetFixture.write(s3.store(), "stylesync", "fashion-full", "v00000000000000aa", Integer.MAX_VALUE);
        HttpClient http = HttpClient.newHttpClient();
        String body = JSON.writeValueAsString(Map.of(
                "datasetVersion",
                "v00000000000000aa",
                "targetAttributes",
                List.of("articleType", "masterCategory"),
                "maxClassesPerHead",
                20,
                "seed",
                42));
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/training-runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).get("id").asString();
        JsonNode run = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            run = JSON.readTree(http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/api/v1/training-runs/" + id))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            if (!List.of("QUEUED", "RUNNING").contains(run.get("state").asString())) {
                break;
            }
            Thread.sleep(2000);
        }
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode m = run.get("metrics");
        System.out.printf(
                "quality bar: articleType accuracy %.4f (top-5 %.4f, macro-F1 %.4f, ECE %.4f); masterCategory accuracy %.4f%n",
                m.get("articleType.accuracy").asDouble(),
                m.get("articleType.top5_accuracy").asDouble(),
                m.get("articleType.macro_f1").asDouble(),
                m.get("articleType.ece").asDouble(),
                m.get("masterCategory.accuracy").asDouble());
        assertThat(m.get("articleType.accuracy").asDouble()).isGreaterThanOrEqualTo(0.87);
        assertThat(m.get("masterCategory.accuracy").asDouble()).isGreaterThanOrEqualTo(0.99);
    }
}
