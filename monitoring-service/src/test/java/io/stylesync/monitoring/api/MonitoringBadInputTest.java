package io.stylesync.monitoring.api;

import static io.stylesync.common.testing.BadInputCorpus.HOSTILE_KEYS;
import static io.stylesync.common.testing.BadInputCorpus.INFINITY;
import static io.stylesync.common.testing.BadInputCorpus.NAN;
import static io.stylesync.common.testing.BadInputCorpus.TWO_POW_63;
import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.BadInputCorpus;
import io.stylesync.common.testing.BadInputRunner;
import io.stylesync.common.testing.EmbeddedS3Extension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 7: a generated corpus of malformed feedback, event batches (a mutation per field of an otherwise valid
 * event) and drift queries, each refused with a 4xx problem; the service stays live. MLflow is unreachable on purpose.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1",
            "stylesync.access.rate-limit.requests-per-second=100000",
            "stylesync.access.rate-limit.burst=100000"
        })
class MonitoringBadInputTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        s3.springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    static Map<String, Object> event() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("predictionId", "p-1");
        e.put("timestamp", "2026-11-23T09:00:00Z");
        e.put("modelName", "stylesync-fashion");
        e.put("modelVersion", "3");
        e.put("features", features());
        e.put("predictions", Map.of("articleType", Map.of("label", "Tshirts", "confidence", 0.9)));
        e.put("embedding", Map.of("norm", 10.0, "centroid_cosine", 0.5, "mean_abs_z", 0.8));
        return e;
    }

    static Map<String, Object> features() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("brightness", 120);
        f.put("contrast", 40);
        f.put("saturation", 0.4);
        f.put("colourfulness", 50);
        f.put("dominant_hue", 30);
        f.put("aspect_ratio", 0.75);
        f.put("file_size_kb", 80);
        return f;
    }

    static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.put(key, value);
        return copy;
    }

    /** Batches of one event with one bad field each. */
    static List<Object> badEvents() {
        List<Object> batches = new ArrayList<>();
        for (String text : List.of("predictionId", "modelName", "modelVersion")) {
            for (Object bad : java.util.Arrays.asList(null, "", " ", "x".repeat(201), Map.of("x", 1), List.of("a"))) {
                batches.add(List.of(with(event(), text, bad)));
            }
        }
        for (String key : List.of("modelName", "modelVersion")) {
            for (Object bad : HOSTILE_KEYS) {
                batches.add(List.of(with(event(), key, bad)));
            }
        }
        for (Object bad : List.of("yesterday", "2026-13-45T00:00:00Z", 1e308, NAN, TWO_POW_63, Map.of("x", 1))) {
            batches.add(List.of(with(event(), "timestamp", bad)));
        }
        for (String f : features().keySet()) {
            for (Object bad : List.of(-1e9, 1e308, "NaN", "Infinity", NAN, INFINITY, "abc", List.of(1))) {
                batches.add(List.of(with(event(), "features", with(features(), f, bad))));
            }
            Map<String, Object> missing = features();
            missing.remove(f);
            batches.add(List.of(with(event(), "features", missing)));
        }
        batches.add(List.of(with(event(), "features", with(features(), "../../etc/passwd", 1))));
        batches.add(List.of(with(event(), "features", Map.of())));
        batches.add(List.of(with(event(), "features", null)));
        for (Object bad : java.util.Arrays.asList(
                null,
                Map.of("a", Map.of("label", "", "confidence", 0.5)),
                Map.of("a", Map.of("label", "x", "confidence", 1.5)),
                Map.of("a", Map.of("label", "x", "confidence", -0.1)),
                Map.of("a", Map.of("label", "x", "confidence", "NaN")),
                Map.of("a", Map.of("confidence", 0.5)),
                Map.of("a", "Tshirts"),
                Collections.singletonMap("a", null))) {
            batches.add(List.of(with(event(), "predictions", bad)));
        }
        for (Object bad : List.of(
                Map.of("evil", 1),
                Map.of("norm", -1),
                Map.of("norm", "NaN"),
                Map.of("norm", 1e7),
                Map.of("centroid_cosine", 2),
                Map.of("mean_abs_z", "Infinity"),
                Collections.singletonMap("norm", null),
                "x")) {
            batches.add(List.of(with(event(), "embedding", bad)));
        }
        batches.add(Collections.singletonList(null));
        batches.add(List.of(1, 2));
        batches.add(List.of(event(), with(event(), "modelName", "")));
        batches.add(Collections.nCopies(1001, event()));
        return batches;
    }

    @Test
    void refusesEveryMalformedRequestWithAProblem() {
        BadInputCorpus corpus = new BadInputCorpus(13);
        // the events baseline logs prediction p-1, which the feedback baseline then labels
        corpus.json(
                "POST",
                "/api/v1/events",
                Map.of("events", List.of(event())),
                List.of("events"),
                Map.of("events", badEvents()));
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("predictionId", "p-1"); // the baseline event's prediction
        feedback.put("labels", Map.of("articleType", "Tshirts"));
        corpus.json(
                "POST",
                "/api/v1/feedback",
                feedback,
                List.of("predictionId", "labels"),
                Map.of(
                        "predictionId",
                        HOSTILE_KEYS,
                        "labels",
                        List.of(
                                Map.of(),
                                Map.of("articleType", ""),
                                Collections.singletonMap("articleType", null),
                                Map.of("articleType", Map.of("x", 1)),
                                Map.of("articleType", List.of("a")))));
        corpus.queryValues(
                "GET",
                "/api/v1/drift",
                "model",
                List.of("..%2F..%2Fetc%2Fpasswd", "%00", "%FF", "s3%3A%2F%2Fother%2Fx", "nope"));
        corpus.queryValues(
                "GET",
                "/api/v1/drift?model=stylesync-fashion",
                "version",
                List.of("..%2F..", "-1", "%00", "99999999999999999999"));

        BadInputRunner.Result result = BadInputRunner.run("monitoring", port, corpus.cases());

        assertThat(result.tried()).isGreaterThanOrEqualTo(200);
        assertThat(result.baselines()).as("events and feedback baselines").isEqualTo(2);
        assertThat(result.misbehaved().size())
                .as("misbehaving cases (listed in the output)")
                .isZero();
        assertThat(result.liveAfterwards()).isTrue();
    }
}
