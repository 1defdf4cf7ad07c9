package io.stylesync.inference.predict;

import static io.stylesync.common.testing.BadInputCorpus.ABSURD_COUNTS;
import static io.stylesync.common.testing.BadInputCorpus.HOSTILE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.BadInputCorpus;
import io.stylesync.common.testing.BadInputRunner;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.support.ModelFixture;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 7: a generated corpus of malformed uploads and JSON to every inference endpoint, each refused with a 4xx
 * problem; the service stays live. A real (small) model is served from a local bundle, so no 503 "no model yet"
 * can hide a missing check.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1", "stylesync.inference.events.monitoring-url=",
            "stylesync.access.rate-limit.requests-per-second=100000", "stylesync.access.rate-limit.burst=100000"
        })
class InferenceBadInputTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    static String catalogueItem;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry r) throws Exception {
        ModelFixture.LocalModel model = ModelFixture.local(s3, "products", "v00000000000000b1", 5);
        model.serve(r);
        catalogueItem = model.built().test().getFirst().id();
    }

    /** The similar-item baselines need the catalogue index. */
    void awaitCatalogue() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            var r = http.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/catalogue"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("\"READY\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the catalogue index was not built in time");
    }

    static Map<String, Object> tensor(String name, String datatype, List<Object> shape, List<Object> data) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("datatype", datatype);
        t.put("shape", shape);
        t.put("data", data);
        return t;
    }

    @Test
    void textSearchOnAModelTrainedWithoutItIsAConflictThatSaysHowToGetOne() throws Exception {
        awaitCatalogue();
        var r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/search?q=red+dress"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        org.assertj.core.api.Assertions.assertThat(
                        r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        org.assertj.core.api.Assertions.assertThat(r.body())
                .contains("no-text-encoder")
                .contains("textSearch")
                .contains("promote it to champion");
    }

    @Test
    void refusesEveryMalformedRequestWithAProblem() throws Exception {
        awaitCatalogue();
        BadInputCorpus corpus = new BadInputCorpus(17);
        Supplier<byte[]> product = () -> ImageCorpus.jpeg(96, 128, 1);
        byte[] portraitBytes = Files.readAllBytes(SharedData.require("datasets/faces/portraits/obama.jpg"));
        Supplier<byte[]> portrait = () -> portraitBytes;
        corpus.upload("/api/v1/predict", "image", Map.of(), true, product);
        corpus.upload("/api/v1/predict/batch", "images", Map.of(), true, product);
        corpus.upload("/api/v1/analyze", "image", Map.of(), true, portrait);
        corpus.upload("/api/v1/similar", "image", Map.of(), true, product);
        corpus.upload("/api/v1/advise", "image", Map.of("occasion", "casual", "temperatureC", "20"), false, portrait);
        List<String> counts = List.of("-1", "0", "abc", "1e308", "99999999999", "NaN", "9223372036854775808", "1.5");
        corpus.uploadField("/api/v1/predict", "image", "topK", counts);
        corpus.uploadField("/api/v1/similar", "image", "topK", counts);
        corpus.uploadField("/api/v1/advise", "image", "topK", counts);
        corpus.uploadField(
                "/api/v1/advise", "image", "temperatureC", List.of("NaN", "Infinity", "1e308", "-300", "abc"));
        corpus.uploadField("/api/v1/advise", "image", "latitude", List.of("91", "-1e308", "NaN", "abc"));
        corpus.uploadField(
                "/api/v1/advise", "image", "occasion", List.of("../../etc/passwd", "x".repeat(10_000), "\u0000"));

        Map<String, Object> similar = new LinkedHashMap<>();
        similar.put("id", catalogueItem); // a real catalogue item: the baseline must find items like it
        similar.put("topK", 5);
        similar.put("filters", Map.of("masterCategory", "Apparel"));
        corpus.json(
                "POST",
                "/api/v1/similar",
                similar,
                List.of("id"),
                Map.of(
                        "id", HOSTILE_KEYS,
                        "topK", ABSURD_COUNTS,
                        "filters",
                                List.of(
                                        Map.of("../../etc/passwd", "x"),
                                        Map.of("masterCategory", Map.of("x", 1)),
                                        Collections.singletonMap("masterCategory", null))));

        String jpeg = Base64.getEncoder().encodeToString(ImageCorpus.jpeg(48, 48, 5));
        Map<String, Object> infer = new LinkedHashMap<>();
        infer.put("id", "r1");
        infer.put("parameters", Map.of());
        infer.put("inputs", List.of(tensor("image", "BYTES", List.of(1), List.of(jpeg))));
        infer.put("outputs", List.of(Map.of("name", "masterCategory")));
        List<Object> badInputs = new ArrayList<>();
        badInputs.add(List.of());
        badInputs.add(Collections.singletonList(null));
        badInputs.add(List.of(tensor("pixels", "BYTES", List.of(1), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "FP32", List.of(1), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(-1), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(2), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(BadInputCorpus.TWO_POW_63), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(1e308), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(1), List.of("not base64 !!"))));
        badInputs.add(List.of(tensor(
                "image",
                "BYTES",
                List.of(1),
                List.of(Base64.getEncoder().encodeToString(ImageCorpus.textNamedJpg())))));
        badInputs.add(List.of(tensor(
                "image",
                "BYTES",
                List.of(1),
                List.of(Base64.getEncoder().encodeToString(ImageCorpus.pngWithDeclaredSize(100_000, 100_000))))));
        badInputs.add(List.of(tensor(
                "image",
                "BYTES",
                List.of(1),
                List.of(Base64.getEncoder().encodeToString(ImageCorpus.truncatedJpeg(64, 64, 3))))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(1), List.of(1234))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(1), List.of(Map.of("x", 1)))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(1), List.of())));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(100), Collections.nCopies(100, jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", null, List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", Collections.singletonList(null), List.of(jpeg))));
        badInputs.add(List.of(tensor("image", "BYTES", List.of(1), null)));
        corpus.json(
                "POST",
                "/v2/models/stylesync-fashion/infer",
                infer,
                List.of("inputs"),
                Map.of(
                        "inputs", badInputs,
                        "outputs",
                                List.of(
                                        List.of(Map.of("name", "../../etc/passwd")),
                                        List.of(Map.of("name", "no-such-head")),
                                        Collections.singletonList(null),
                                        List.of(Map.of())),
                        "parameters", List.of("x")));
        corpus.acceptWithoutContentType("POST", "/v2/models/stylesync-fashion/infer");
        corpus.pathSegments("POST", "/v2/models/{}/infer");
        corpus.pathSegments("GET", "/v2/models/{}");
        corpus.pathSegments("GET", "/api/v1/catalogue/items/{}/image");

        BadInputRunner.Result result = BadInputRunner.run("inference", port, corpus.cases());

        assertThat(result.tried()).isGreaterThanOrEqualTo(200);
        assertThat(result.baselines())
                .as("one per upload endpoint, similar by id, KServe infer with and without Content-Type")
                .isEqualTo(8);
        assertThat(result.misbehaved().size())
                .as("misbehaving cases (listed in the output)")
                .isZero();
        assertThat(result.liveAfterwards()).isTrue();
    }
}
