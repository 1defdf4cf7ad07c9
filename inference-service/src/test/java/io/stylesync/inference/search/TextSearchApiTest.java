package io.stylesync.inference.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.inference.support.ModelFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/search} over real HTTP: real product photos in real S3, a real MobileNetV2 bundle served from a
 * local folder, carrying a text encoder (a closed-form stand-in for training's, in the real bundle format) that
 * the service loads, verifies and answers queries with from the catalogue index of similar-item search.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1", "stylesync.inference.events.monitoring-url=",
            "stylesync.access.rate-limit.requests-per-second=100000", "stylesync.access.rate-limit.burst=100000"
        })
class TextSearchApiTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry r) throws Exception {
        ModelFixture.LocalModel model = ModelFixture.local(
                s3, "products", "v00000000000000c8", 12, List.of("masterCategory", "articleType", "gender"));
        ModelFixture.addTextEncoder(model.built());
        model.serve(r);
    }

    @BeforeEach
    void awaitCatalogue() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/api/v1/catalogue");
            if (r.statusCode() == 200 && r.body().contains("\"READY\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the catalogue index was not built in time");
    }

    @Test
    void findsTheKindOfProductAQueryNamesAndFiltersLikeSimilarItems() throws Exception {
        JsonNode found = json(get("/api/v1/search?q=" + encode("footwear for men") + "&topK=5"), 200);
        assertThat(found.get("query").asString()).isEqualTo("footwear for men");
        assertThat(found.get("modelVersion").asString()).isNotBlank();
        List<String> categories = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode item : found.get("results")) {
            categories.add(item.get("labels").get("masterCategory").asString());
            assertThat(item.get("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = item.get("score").asDouble();
            assertThat(item.get("imageUrl").asString()).startsWith("/api/v1/catalogue/items/");
        }
        assertThat(categories).hasSize(5);
        assertThat(categories.stream().filter("Footwear"::equals).count())
                .as("top 5 for 'footwear for men': %s", categories)
                .isGreaterThanOrEqualTo(4);

        JsonNode filtered =
                json(get("/api/v1/search?q=footwear&topK=3&filter=masterCategory:Apparel&filter=gender:Men"), 200);
        assertThat(filtered.get("results")).hasSize(3);
        for (JsonNode item : filtered.get("results")) {
            assertThat(item.get("labels").get("masterCategory").asString()).isEqualTo("Apparel");
            assertThat(item.get("labels").get("gender").asString()).isEqualTo("Men");
        }
        assertThat(filtered.get("filters").get("gender").asString()).isEqualTo("Men");

        String longQuery = ("a comfortable pair of leather shoes for everyday wear in the city ").repeat(6);
        JsonNode posted = json(
                post("{\"query\":\"" + longQuery + "\",\"topK\":4,\"filters\":{\"masterCategory\":\"Footwear\"}}"),
                200);
        assertThat(posted.get("results")).hasSize(4);
        assertThat(posted.get("results")
                        .get(0)
                        .get("labels")
                        .get("masterCategory")
                        .asString())
                .isEqualTo("Footwear");
        // GET and POST are one search
        assertThat(json(post("{\"query\":\"footwear for men\",\"topK\":5}"), 200)
                        .get("results"))
                .isEqualTo(found.get("results"));
    }

    @Test
    void badQueriesAreProblemsThatNameTheirField() throws Exception {
        problem(get("/api/v1/search"), 400, "query is empty", "query");
        problem(get("/api/v1/search?q=" + encode("   ")), 400, "query is empty", "query");
        problem(get("/api/v1/search?q=" + encode("?! -- ...")), 400, "no words", "query");
        problem(get("/api/v1/search?q=" + "a".repeat(513)), 400, "at most 512", "query");
        problem(get("/api/v1/search?q=shoes&topK=0"), 400, "topK must be between 1 and 100", "topK");
        problem(get("/api/v1/search?q=shoes&topK=101"), 400, "topK must be between 1 and 100", "topK");
        assertThat(get("/api/v1/search?q=shoes&topK=abc").statusCode()).isEqualTo(400);
        problem(get("/api/v1/search?q=shoes&filter=colour:Red"), 400, "unknown filter attribute 'colour'", "filters");
        problem(get("/api/v1/search?q=shoes&filter=gender"), 400, "is not <attribute>:<value>", "filter");
        problem(post("{}"), 400, "query is empty", "query");
        problem(post("{\"query\":\"" + "word ".repeat(200) + "\"}"), 400, "at most 512", "query");
        problem(post("{\"query\":\"shoes\",\"topK\":-3}"), 400, "topK", "topK");
        HttpResponse<String> malformed = post("{\"query\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private void problem(HttpResponse<String> r, int status, String detail, String field) {
        JsonNode body = json(r, status);
        assertThat(body.get("detail").asString()).contains(detail);
        assertThat(body.get("field").asString()).isEqualTo(field);
    }

    private JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        return ModelFixture.JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(
                request("/api/v1/search")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
