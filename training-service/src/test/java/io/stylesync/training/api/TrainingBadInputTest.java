package io.stylesync.training.api;

import static io.stylesync.common.testing.BadInputCorpus.ABSURD_COUNTS;
import static io.stylesync.common.testing.BadInputCorpus.HOSTILE_KEYS;
import static io.stylesync.common.testing.BadInputCorpus.INFINITY;
import static io.stylesync.common.testing.BadInputCorpus.NAN;
import static io.stylesync.common.testing.BadInputCorpus.NOT_NUMBERS;
import static io.stylesync.common.testing.BadInputCorpus.TWO_POW_63;
import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.search.Captions;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.BadInputCorpus;
import io.stylesync.common.testing.BadInputRunner;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7: a generated corpus of malformed requests to every training-service endpoint, each refused with a 4xx
 * problem; the service stays live. Each endpoint's corpus starts from its example request, which must be accepted:
 * a real dataset version in S3, a model version trained and registered in a real MLflow before the corpus.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.access.rate-limit.requests-per-second=100000",
            "stylesync.access.rate-limit.burst=100000"
        })
@SlowTest("a real MLflow server and a training run")
class TrainingBadInputTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    static final String VERSION = "v00000000000000c1";
    static final String BACKBONE = "s3://stylesync/backbones/mobilenet_v2.pt";

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws Exception {
        s3.springProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("stylesync.mlflow.tracking-uri", () -> mlflow.uri().toString());
        String workDir = Files.createTempDirectory("training-bad-input").toString();
        registry.add("stylesync.training.work-dir", () -> workDir);
        s3.store().ensureBucket("stylesync");
        DatasetFixture.write(s3.store(), "stylesync", "bad-input", VERSION, 10);
        s3.store().upload(S3Location.parse(BACKBONE), DatasetFixture.backbone(), "application/octet-stream");
    }

    /** Trains and registers a model version over HTTP: what the promotion and evaluation baselines refer to. */
    private String registeredVersion() throws Exception {
        HttpApi api = new HttpApi(port);
        String id = api.postJson(
                        "/api/v1/training-runs",
                        Map.of(
                                "datasetVersion",
                                VERSION,
                                "backbone",
                                BACKBONE,
                                "targetAttributes",
                                List.of("masterCategory"),
                                "epochs",
                                3,
                                "minClassCount",
                                2))
                .json()
                .get("id")
                .asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = api.get("/api/v1/training-runs/" + id).json();
            if (run.get("registration").asString().equals("REGISTERED")) {
                return run.get("modelVersion").asString();
            }
            assertThat(run.get("state").asString()).as(run.toString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
            Thread.sleep(300);
        }
        throw new AssertionError("the setup run was not registered in time");
    }

    static List<Object> plus(List<Object> base, Object... more) {
        List<Object> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    @Test
    void refusesEveryMalformedRequestWithAProblem() throws Exception {
        String registered = registeredVersion();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("datasetVersion", VERSION);
        run.put("targetAttributes", List.of("articleType", "masterCategory"));
        run.put("backbone", BACKBONE);
        run.put("normalization", "mobilenet");
        run.put("imageSize", 224);
        run.put("epochs", 5);
        run.put("batchSize", 32);
        run.put("learningRate", 0.001);
        run.put("weightDecay", 0.0001);
        run.put("freeze", "frozen");
        run.put("earlyStoppingPatience", 3);
        run.put("classWeights", true);
        run.put("hiddenUnits", 0); // linear heads: this test is about refusals, the baseline only has to finish
        run.put("textSearch", true);
        run.put("maxClassesPerHead", 50);
        run.put("minClassCount", 5);
        run.put("seed", 42);
        run.put("modelName", "stylesync-fashion");
        List<Object> floats =
                List.of(-1, "NaN", "Infinity", "-Infinity", NAN, INFINITY, 1e308, -1e308, "abc", Map.of("x", 1));
        List<Object> positiveBelow1000 =
                List.of(-1, 1e308, TWO_POW_63, NAN, INFINITY, 1001, Integer.MAX_VALUE, Long.MIN_VALUE, "abc");
        BadInputCorpus corpus = new BadInputCorpus(11)
                .json(
                        "POST",
                        "/api/v1/training-runs",
                        run,
                        List.of("datasetVersion"),
                        Map.ofEntries(
                                Map.entry(
                                        "datasetVersion",
                                        plus(HOSTILE_KEYS, "V0123456789ABCDEF", "v0123", "v0123456789abcdef0")),
                                Map.entry(
                                        "targetAttributes",
                                        List.of(
                                                List.of(),
                                                Arrays.asList("a", null),
                                                List.of("../x"),
                                                List.of("a b"),
                                                List.of(""),
                                                // text of the dataset (captions), not a target: never a head
                                                List.of(Captions.DISPLAY_NAME),
                                                Collections.nCopies(17, "a"))),
                                Map.entry(
                                        "backbone",
                                        plus(
                                                HOSTILE_KEYS,
                                                "file:///etc/passwd",
                                                "/proc/self/environ",
                                                "http://127.0.0.1:1/x.pt")),
                                Map.entry("normalization", List.of("nope", "", "MOBILENET", "../x")),
                                Map.entry("imageSize", plus(ABSURD_COUNTS, NOT_NUMBERS.toArray())),
                                Map.entry("epochs", ABSURD_COUNTS),
                                Map.entry("batchSize", ABSURD_COUNTS),
                                Map.entry("learningRate", plus(floats, 0, 2)),
                                Map.entry("weightDecay", plus(floats, 1.5)),
                                Map.entry("freeze", List.of("nope", "", "FROZEN", "../x")),
                                Map.entry("earlyStoppingPatience", plus(positiveBelow1000, 101)),
                                Map.entry("classWeights", List.of("yes", "1.5", NAN)),
                                Map.entry(
                                        "hiddenUnits",
                                        List.of(-1, 4097, 1e308, TWO_POW_63, NAN, "abc", Integer.MAX_VALUE)),
                                Map.entry("textSearch", List.of("yes", "1.5", NAN)),
                                Map.entry("maxClassesPerHead", positiveBelow1000),
                                Map.entry("minClassCount", ABSURD_COUNTS),
                                Map.entry("seed", List.of(TWO_POW_63, NAN, "abc", INFINITY)),
                                Map.entry("modelName", plus(HOSTILE_KEYS, "-lead", "a b", "x".repeat(129)))));
        Map<String, Object> promotion = new LinkedHashMap<>();
        promotion.put("version", registered);
        promotion.put("metric", "masterCategory.accuracy");
        promotion.put("force", false);
        corpus.json(
                "POST",
                "/api/v1/models/stylesync-fashion/promote",
                promotion,
                List.of("version"),
                Map.of(
                        "version", plus(HOSTILE_KEYS, "0", "-1", "abc", "1234567890", "3.5"),
                        "metric", plus(HOSTILE_KEYS, "a b", "x".repeat(129)),
                        "force", List.of("yes", "1.5", NAN)));
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("model", "stylesync-fashion");
        evaluation.put("version", "champion");
        evaluation.put("datasetVersion", VERSION);
        evaluation.put("split", "test");
        corpus.json(
                "POST",
                "/api/v1/evaluations",
                evaluation,
                List.of("model", "version", "datasetVersion"),
                Map.of(
                        "model", plus(HOSTILE_KEYS, "-lead"),
                        "version", plus(HOSTILE_KEYS, "a.b", "x".repeat(65)),
                        "datasetVersion", plus(HOSTILE_KEYS, "v0123"),
                        "split", List.of("TEST", "validation", "", "../x")));
        corpus.pathSegments("GET", "/api/v1/training-runs/{}");
        corpus.pathSegments("POST", "/api/v1/training-runs/{}/cancel");
        corpus.pathSegments("POST", "/api/v1/models/{}/promote");
        corpus.pathSegments("GET", "/api/v1/models/{}/versions/champion");
        corpus.pathSegments("GET", "/api/v1/models/stylesync-fashion/versions/{}");

        BadInputRunner.Result result = BadInputRunner.run("training", port, corpus.cases());

        assertThat(result.tried()).isGreaterThanOrEqualTo(200);
        assertThat(result.baselines()).as("training run, promotion, evaluation").isEqualTo(3);
        assertThat(result.misbehaved().size())
                .as("misbehaving cases (listed in the output)")
                .isZero();
        assertThat(result.liveAfterwards()).isTrue();
    }
}
