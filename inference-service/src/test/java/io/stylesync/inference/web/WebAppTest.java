package io.stylesync.inference.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.sun.net.httpserver.HttpServer;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.Multipart;
import io.stylesync.common.testing.SharedData;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.inference.support.ModelFixture;
import io.stylesync.inference.support.MonitoringStandIn;
import io.stylesync.inference.support.WebPageDriver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every flow of the page at {@code /} in headless Chromium against a running inference-service serving a real
 * (small) model from a local bundle over real product photos in real S3, with a real HTTP stand-in for
 * monitoring-service. What the page shows is checked against what the API answers for the same input; every
 * flow leaves a screenshot under {@code target/web/} and fails on a console error or a failed request it did
 * not expect. {@code make test-web} runs this class alone.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1",
            "stylesync.access.rate-limit.requests-per-second=100000",
            "stylesync.access.rate-limit.burst=100000",
            "stylesync.inference.web.grafana-url=http://grafana.example:3000/dashboards"
        })
@SlowTest("a browser")
class WebAppTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();
    static final List<String> ATTRIBUTES =
            List.of("masterCategory", "articleType", "baseColour", "season", "usage", "gender");
    static final Path SHOTS = Path.of("target/web");

    static MonitoringStandIn monitoring;
    static HttpServer openMeteo;
    static final AtomicInteger openMeteoCalls = new AtomicInteger();
    /** Open-Meteo's daily answer for three days: a hot, a mild and wet, a freezing one. */
    static final String THREE_DAYS = "{\"latitude\":52.52,\"longitude\":13.42,\"timezone\":\"Europe/Berlin\","
            + "\"daily\":{\"time\":[\"2026-12-02\",\"2026-12-03\",\"2026-12-04\"],"
            + "\"temperature_2m_max\":[31.0,16.5,4.0],\"temperature_2m_min\":[21.0,9.5,-2.0],"
            + "\"precipitation_sum\":[0.0,3.2,0.1]}}";

    static DatasetManifest dataset;
    static ModelFixture.Built built;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        ModelFixture.LocalModel model = ModelFixture.local(s3, "products", "v00000000000000w1", 30, ATTRIBUTES);
        dataset = model.dataset();
        built = model.built();
        // with a text encoder, as a model trained with "textSearch": true, for the page's search box
        ModelFixture.addTextEncoder(built);
        monitoring = new MonitoringStandIn();
        // Open-Meteo stands in here: latitude 10 plays a provider that fails
        openMeteo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        openMeteo.createContext("/v1/forecast", exchange -> {
            openMeteoCalls.incrementAndGet();
            boolean failing = exchange.getRequestURI().getQuery().contains("latitude=10.00");
            byte[] body = (failing ? "{\"error\":true}" : THREE_DAYS).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // and another site, which serves a photo without allowing cross-origin reads (no CORS header)
        openMeteo.createContext("/elsewhere/photo.jpg", exchange -> {
            byte[] body = imageOf(built.test().getFirst());
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        openMeteo.start();
        r.add("stylesync.inference.weather.enabled", () -> "true");
        r.add(
                "stylesync.inference.weather.base-url",
                () -> "http://127.0.0.1:" + openMeteo.getAddress().getPort());
        model.serve(r);
        r.add(
                "stylesync.inference.events.monitoring-url",
                () -> monitoring.uri().toString());
        r.add("stylesync.inference.web.monitoring-url", () -> monitoring.uri().toString());
    }

    @AfterAll
    static void stop() {
        if (monitoring != null) {
            monitoring.close();
        }
        if (openMeteo != null) {
            openMeteo.stop(0);
        }
    }

    String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
    }

    JsonNode post(String path, Multipart m, int status) throws Exception {
        HttpResponse<String> r =
                send(at(path).header("Content-Type", m.contentType()).POST(m.publisher()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return ModelFixture.JSON.readTree(r.body());
    }

    @BeforeEach
    void awaitModelAndCatalogue() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(at("/api/v1/catalogue"));
            if (send(at("/actuator/health/readiness")).statusCode() == 200
                    && r.statusCode() == 200
                    && r.body().contains("\"READY\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the model or the catalogue index was not ready in time");
    }

    static void assertClean(JsonNode result) {
        assertThat(result.get("consoleErrors"))
                .as("errors in the page's console")
                .isEmpty();
        assertThat(result.get("failedRequests")).as("failed requests").isEmpty();
    }

    static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asString()));
        return out;
    }

    static byte[] imageOf(DatasetRecord r) {
        return s3.store()
                .readAllBytes(
                        DatasetPaths.versionPrefix("stylesync", dataset.dataset(), dataset.version())
                                .resolve(r.key()),
                        10_000_000);
    }

    Multipart photo(byte[] bytes) {
        return new Multipart().file("image", "p.jpg", "image/jpeg", bytes);
    }

    @Test
    void analyseAGarmentShowsEveryAttributeAndTheSimilarItemsFiltered() throws Exception {
        DatasetRecord product = built.test().get(3);
        byte[] bytes = imageOf(product);
        Path file = Files.createTempDirectory("web").resolve(product.id() + ".jpg");
        Files.write(file, bytes);
        JsonNode api = post("/api/v1/predict", photo(bytes), 200);

        JsonNode result = WebPageDriver.run("analyse", base(), SHOTS.resolve("analyse.png"), file);

        assertClean(result);
        JsonNode shown = result.get("shown");
        assertThat(shown.get("status").asString()).isEqualTo("Done.");
        assertThat(shown.get("heads").propertyNames()).containsExactlyElementsOf(ATTRIBUTES);
        for (String head : ATTRIBUTES) {
            JsonNode expected = api.get("predictions").get(head);
            JsonNode bars = shown.get("heads").get(head);
            assertThat(bars).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(bars.get(i).get("label").asString())
                        .isEqualTo(expected.get(i).get("label").asString());
                double p = expected.get(i).get("probability").asDouble() * 100;
                assertThat(bars.get(i).get("width").asDouble()).isCloseTo(Math.max(1, p), offset(0.01));
                assertThat(bars.get(i).get("percent").asString())
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%", p));
            }
        }
        assertThat(shown.get("meta").asString())
                .contains("v" + api.get("model").get("version").asString());
        assertThat(shown.get("modelInfo").asString())
                .contains(api.get("model").get("name").asString());

        JsonNode similar = post("/api/v1/similar?topK=8", photo(bytes), 200);
        assertThat(strings(shown.get("similarIds")))
                .isEqualTo(ids(similar.get("results")))
                .hasSize(8)
                .first()
                .isEqualTo(product.id());
        assertThat(shown.get("similarImagesLoaded").asInt()).isEqualTo(8);

        String filter = shown.get("filters").get(0).asString();
        String label =
                api.get("predictions").get("masterCategory").get(0).get("label").asString();
        assertThat(filter).isEqualTo("masterCategory:" + label);
        JsonNode filtered = post(
                "/api/v1/similar?topK=8&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8),
                photo(bytes),
                200);
        assertThat(strings(shown.get("filteredIds"))).isNotEmpty().isEqualTo(ids(filtered.get("results")));
        filtered.get("results")
                .forEach(i -> assertThat(i.get("labels").get("masterCategory").asString())
                        .isEqualTo(label));
        assertThat(shown.get("filteredStatus").asString()).contains(filter);
        assertThat(Files.size(SHOTS.resolve("analyse.png"))).isGreaterThan(10_000);
    }

    @Test
    void analyseShowsTheProblemsDetailForAFileThatIsNoPhoto() throws Exception {
        Path notes = Files.createTempDirectory("web").resolve("notes.png");
        Files.writeString(notes, "these are notes, not a photo\n".repeat(20));
        String detail = post(
                        "/api/v1/predict",
                        new Multipart().file("image", "notes.png", "image/png", Files.readAllBytes(notes)),
                        415)
                .get("detail")
                .asString();

        JsonNode result = WebPageDriver.run("analyse-error", base(), SHOTS.resolve("analyse-error.png"), notes);

        JsonNode shown = result.get("shown");
        assertThat(shown.get("status").asString()).isEqualTo(detail);
        assertThat(shown.get("statusIsError").asBoolean()).isTrue();
        assertThat(shown.get("similarStatus").asString())
                .startsWith("Similar items: ")
                .doesNotContain("HTTP");
        assertThat(shown.get("predictionsVisible").asBoolean()).isFalse();
        // the two refusals this flow is about, and nothing else
        List<String> failed = new ArrayList<>();
        result.get("failedRequests")
                .forEach(f -> failed.add(URI.create(f.get("url").asString()).getPath() + " "
                        + f.get("status").asInt()));
        assertThat(failed).containsExactlyInAnyOrder("/api/v1/predict 415", "/api/v1/similar 415");
        assertThat(result.get("consoleErrors"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.asString()).startsWith("Failed to load resource"));
    }

    @Test
    void aPhotoCanBePastedOrGivenByAddressWhereItsSiteAllowsIt() throws Exception {
        DatasetRecord product = built.test().get(5);
        JsonNode api = post("/api/v1/predict", photo(imageOf(product)), 200);
        String own = post("/api/v1/similar?topK=1", photo(imageOf(product)), 200)
                .get("results")
                .get(0)
                .get("imageUrl")
                .asString();
        String ownUrl = URI.create(base()).resolve(own).toString();
        String foreign = "http://127.0.0.1:" + openMeteo.getAddress().getPort() + "/elsewhere/photo.jpg";

        JsonNode result =
                WebPageDriver.run("analyse-url", base(), SHOTS.resolve("analyse-url.png"), foreign + " " + ownUrl);

        JsonNode shown = result.get("shown");
        JsonNode refused = shown.get("refused");
        assertThat(refused.get("statusIsError").asBoolean()).isTrue();
        assertThat(refused.get("status").asString())
                .contains(foreign)
                .contains("CORS")
                .contains("choose the file");
        assertThat(refused.get("predictionsVisible").asBoolean()).isFalse();
        for (String how : List.of("pasted", "typed")) {
            JsonNode answer = shown.get(how);
            assertThat(answer.get("status").asString()).as(how).isEqualTo("Done.");
            assertThat(answer.get("previewVisible").asBoolean()).as(how).isTrue();
            for (String head : ATTRIBUTES) {
                assertThat(answer.get("heads").get(head).asString())
                        .as(how + " " + head)
                        .isEqualTo(api.get("predictions")
                                .get(head)
                                .get(0)
                                .get("label")
                                .asString());
            }
        }
        // the refusal this flow is about (the browser's CORS block), and nothing else
        assertThat(result.get("failedRequests"))
                .allSatisfy(f -> assertThat(f.get("url").asString()).isEqualTo(foreign));
        assertThat(result.get("consoleErrors"))
                .allSatisfy(e -> assertThat(e.asString()).containsAnyOf("CORS", "Failed to load resource"));
    }

    @Test
    void theSearchBoxFindsItemsByWordsSubmittedWithEnterAndKeepsTheQueryInTheUrl() throws Exception {
        String query = "footwear for men";
        HttpResponse<String> r =
                send(at("/api/v1/search?topK=8&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode api = ModelFixture.JSON.readTree(r.body()).get("results");
        assertThat(api).hasSize(8);
        assertThat(api.get(0).get("labels").get("masterCategory").asString()).isEqualTo("Footwear");

        JsonNode result = WebPageDriver.run("search", base(), SHOTS.resolve("search.png"), query);

        assertClean(result);
        JsonNode typed = result.get("shown").get("typed");
        assertThat(typed.get("status").asString()).isEqualTo("8 items for “" + query + "”, best first.");
        assertThat(typed.get("statusIsError").asBoolean()).isFalse();
        assertThat(typed.get("hash").asString()).isEqualTo("#/analyse?q=footwear+for+men");
        assertThat(typed.get("focused").asString())
                .as("focus stays in the search box")
                .isEqualTo("search-query");
        assertThat(strings(typed.get("ids"))).isEqualTo(ids(api));
        assertThat(typed.get("imagesLoaded").asInt()).isEqualTo(8);
        for (int i = 0; i < api.size(); i++) {
            String score = typed.get("scores").get(i).asString();
            assertThat(score).startsWith("match ");
            assertThat(Double.parseDouble(score.substring("match ".length())))
                    .isCloseTo(api.get(i).get("score").asDouble(), offset(0.0006));
        }
        // the URL it showed, opened afresh (a shared link), searches for the same words
        JsonNode shared = result.get("shown").get("shared");
        assertThat(shared.get("query").asString()).isEqualTo(query);
        assertThat(shared.get("hash").asString()).isEqualTo(typed.get("hash").asString());
        assertThat(strings(shared.get("ids"))).isEqualTo(ids(api));
        assertThat(shared.get("status").asString())
                .isEqualTo(typed.get("status").asString());
        assertThat(Files.size(SHOTS.resolve("search.png"))).isGreaterThan(10_000);
    }

    @Test
    void theSearchBoxShowsTheProblemsDetailForWordsItRefuses() throws Exception {
        String query = "?! -- ...";
        HttpResponse<String> r =
                send(at("/api/v1/search?topK=8&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        String detail = ModelFixture.JSON.readTree(r.body()).get("detail").asString();
        assertThat(detail).contains("no words");

        JsonNode result = WebPageDriver.run("search-error", base(), SHOTS.resolve("search-error.png"), query);

        JsonNode shown = result.get("shown");
        assertThat(shown.get("status").asString()).isEqualTo("Search: " + detail);
        assertThat(shown.get("statusIsError").asBoolean()).isTrue();
        assertThat(shown.get("results").asInt()).isZero();
        assertThat(shown.get("hash").asString()).startsWith("#/analyse?q=");
        // the refusal this flow is about, and nothing else
        List<String> failed = new ArrayList<>();
        result.get("failedRequests")
                .forEach(f -> failed.add(URI.create(f.get("url").asString()).getPath() + " "
                        + f.get("status").asInt()));
        assertThat(failed).containsExactly("/api/v1/search 400");
        assertThat(result.get("consoleErrors"))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.asString()).startsWith("Failed to load resource"));
    }

    @Test
    void theStyleAdvisorShowsTheSelfiesColoursAndTheItemsWithTheirReasons() throws Exception {
        Path selfie = SharedData.require("datasets/faces/portraits/obama.jpg");
        byte[] bytes = Files.readAllBytes(selfie);
        JsonNode analysis = post("/api/v1/analyze", photo(bytes), 200);
        JsonNode advice = post(
                "/api/v1/advise",
                photo(bytes)
                        .field("temperatureC", "18")
                        .field("precipitationMm", "2")
                        .field("occasion", "Casual")
                        .field("topK", "12"),
                200);

        JsonNode result = WebPageDriver.run("advisor", base(), SHOTS.resolve("advisor.png"), selfie);

        assertClean(result);
        JsonNode shown = result.get("shown");
        assertThat(strings(shown.get("occasions"))).contains("Casual");
        assertThat(shown.get("coloursVisible").asBoolean()).isTrue();
        assertThat(shown.get("skinTone").asString())
                .startsWith(analysis.get("skinTone").get("category").asString());
        assertThat(shown.get("season").asString())
                .isEqualTo(analysis.get("season").asString());
        assertThat(shown.get("wearSwatches").asInt())
                .isEqualTo(analysis.get("palette").get("wear").size())
                .isPositive();
        assertThat(shown.get("avoidSwatches").asInt())
                .isEqualTo(analysis.get("palette").get("avoid").size());
        double scale = shown.get("previewWidth").asDouble()
                / analysis.get("image").get("width").asDouble();
        assertThat(shown.get("faceBox").get("width").asDouble())
                .isCloseTo(analysis.get("faceBox").get("width").asDouble() * scale, offset(3.0));
        assertThat(strings(shown.get("itemIds"))).isNotEmpty().isEqualTo(ids(advice.get("items")));
        for (int i = 0; i < advice.get("items").size(); i++) {
            assertThat(strings(shown.get("reasons").get(i)))
                    .isNotEmpty()
                    .isEqualTo(strings(advice.get("items").get(i).get("reasons")));
        }
        assertThat(shown.get("itemImagesLoaded").asInt())
                .isEqualTo(advice.get("items").size());
        assertThat(shown.get("summary").asString()).contains("18").contains("Casual");
    }

    @Test
    void theModelPageShowsVersionLineageClassesAndDriftPerFeature() throws Exception {
        String report = new String(
                getClass().getResourceAsStream("/web/drift-report.json").readAllBytes(), StandardCharsets.UTF_8);
        monitoring.answerDrift(200, report);
        JsonNode model = ModelFixture.JSON.readTree(send(at("/api/v1/model")).body());

        JsonNode result = WebPageDriver.run("model", base(), SHOTS.resolve("model.png"), (Path) null);

        assertClean(result);
        JsonNode shown = result.get("shown");
        assertThat(shown.get("facts").get("Version").asString())
                .isEqualTo(model.get("version").asString());
        assertThat(shown.get("facts").get("Name").asString())
                .isEqualTo(model.get("name").asString());
        assertThat(shown.get("facts").get("Challenger").asString()).isEqualTo("none");
        assertThat(model.get("lineage").propertyNames()).isNotEmpty();
        model.get("lineage")
                .properties()
                .forEach(e -> assertThat(shown.get("lineage").get(e.getKey()).asString())
                        .isEqualTo(e.getValue().asString()));
        assertThat(shown.get("classes").propertyNames()).containsExactlyElementsOf(ATTRIBUTES);
        for (String head : ATTRIBUTES) {
            assertThat(strings(shown.get("classes").get(head)))
                    .isEqualTo(strings(model.get("classes").get(head)));
        }
        JsonNode columns = ModelFixture.JSON.readTree(report).get("columns");
        assertThat(shown.get("driftRows")).hasSize(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            assertThat(shown.get("driftRows").get(i).get("feature").asString())
                    .isEqualTo(columns.get(i).get("feature").asString());
            assertThat(shown.get("driftRows").get(i).get("drifted").asBoolean())
                    .isEqualTo(columns.get(i).get("drifted").asBoolean());
        }
        // a p-value of 0.0004 (brightness) must not read as 0.000
        assertThat(shown.get("driftRows").get(0).get("score").asString()).isEqualTo("4.0e-4");
        assertThat(shown.get("driftRows").get(1).get("score").asString()).isEqualTo("0.410");
        assertThat(shown.get("driftStatus").asString())
                .contains("1 of 3 input features drifted")
                .contains("240");
        assertThat(shown.get("driftPageLink").asString()).isEqualTo(monitoring.uri() + "/drift");
        assertThat(shown.get("grafanaLink").asString()).isEqualTo("http://grafana.example:3000/dashboards");
    }

    @Test
    void theModelPageSaysInWordsWhyThereIsNoDrift() throws Exception {
        monitoring.answerDrift(
                404,
                "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"no model version is monitored yet: no events received\"}");

        JsonNode result = WebPageDriver.run("model", base(), SHOTS.resolve("model-no-drift.png"), (Path) null);

        assertClean(result);
        assertThat(result.get("shown").get("driftStatus").asString())
                .isEqualTo("monitoring-service: no model version is monitored yet: no events received");
        assertThat(result.get("shown").get("driftRows")).isEmpty();
    }

    @Test
    void everyViewIsReachableByKeyboardAtAPhonesWidthLabelledAndLegible() throws Exception {
        JsonNode result = WebPageDriver.run("phone", base(), SHOTS.resolve("phone.png"), (Path) null);

        assertClean(result);
        List<String> seen = new ArrayList<>();
        result.get("shown").get("views").forEach(v -> {
            seen.add(v.get("hash").asString() + " " + v.get("visible").asString());
            System.out.printf(
                    java.util.Locale.ROOT,
                    "web view %s at %d px: widest %d px, lowest text contrast %.2f:1 ('%s')%n",
                    v.get("visible").asString(),
                    v.get("width").asInt(),
                    v.get("scrollWidth").asInt(),
                    v.get("minContrast").get("ratio").asDouble(),
                    v.get("minContrast").get("text").asString());
            assertThat(v.get("scrollWidth").asInt())
                    .as("page wider than the screen")
                    .isLessThanOrEqualTo(v.get("width").asInt());
            assertThat(v.get("focused").asString()).startsWith("H2:");
            assertThat(v.get("minContrast").get("ratio").asDouble())
                    .as(
                            "lowest text contrast, at '%s'",
                            v.get("minContrast").get("text").asString())
                    .isGreaterThanOrEqualTo(4.5);
            assertThat(v.get("unlabelled")).as("inputs without a label").isEmpty();
        });
        assertThat(seen).containsExactly("#/analyse analyse", "#/advisor advisor", "#/model model");
    }

    @Test
    void theStyleAdvisorShowsAPlacesForecastDayByDay() throws Exception {
        String query = "/api/v1/advise/forecast?latitude=52.52&longitude=13.41&days=3&occasion=Casual&gender=";
        HttpResponse<String> r = send(at(query));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode plain = ModelFixture.JSON.readTree(r.body());
        List<String> seasons = List.of("Summer", "Fall", "Winter");
        for (int i = 0; i < 3; i++) {
            assertThat(plain.get("days").get(i).get("advice").get("season").asString())
                    .isEqualTo(seasons.get(i));
        }
        Path selfie = SharedData.require("datasets/faces/portraits/obama.jpg");
        JsonNode api = post(
                "/api/v1/advise/forecast",
                photo(Files.readAllBytes(selfie))
                        .field("latitude", "52.52")
                        .field("longitude", "13.41")
                        .field("days", "3")
                        .field("occasion", "Casual"),
                200);
        int calls = openMeteoCalls.get();

        JsonNode result = WebPageDriver.run("forecast", base(), SHOTS.resolve("forecast.png"), selfie);

        assertClean(result);
        assertThat(openMeteoCalls.get())
                .as("the page's forecast came from the cache")
                .isEqualTo(calls);
        JsonNode days = result.get("shown").get("days");
        assertThat(result.get("shown").get("status").asString()).isEqualTo("3 days.");
        assertThat(days).hasSize(3);
        List<String> avoid =
                strings(api.get("days").get(0).get("advice").get("palette").get("avoid"));
        assertThat(avoid).isNotEmpty();
        for (int i = 0; i < 3; i++) {
            JsonNode day = api.get("days").get(i);
            assertThat(day.get("advice").get("season").asString()).isEqualTo(seasons.get(i));
            assertThat(days.get(i).get("date").asString())
                    .isEqualTo(day.get("date").asString());
            assertThat(days.get(i).get("summary").asString())
                    .contains(seasons.get(i) + " clothes for Casual in your ")
                    .contains(" colours");
            assertThat(strings(days.get(i).get("itemIds")))
                    .isEqualTo(ids(day.get("advice").get("items")));
            assertThat(days.get(i).get("imagesLoaded").asInt())
                    .isEqualTo(day.get("advice").get("items").size());
            day.get("advice")
                    .get("items")
                    .forEach(item -> assertThat(
                                    item.get("labels").get("baseColour").asString())
                            .isNotIn(avoid));
        }
        assertThat(api.get("days").get(0).get("advice").get("items")).isNotEmpty();

        HttpResponse<String> down = send(at("/api/v1/advise/forecast?latitude=10&longitude=10"));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(ModelFixture.JSON.readTree(down.body()).get("detail").asString())
                .contains("answered 500");
        for (String bad : List.of(
                "latitude=52.5",
                "latitude=52.5&longitude=13&days=8",
                "latitude=52.5&longitude=13&days=0",
                "latitude=abc&longitude=13",
                "latitude=NaN&longitude=13",
                "latitude=52.5&longitude=1e308",
                "latitude=52.5&longitude=13&days=abc",
                "latitude=52.52&longitude=13.41&days=3&topK=0")) {
            HttpResponse<String> refused = send(at("/api/v1/advise/forecast?" + bad));
            assertThat(refused.statusCode()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
    }
}
