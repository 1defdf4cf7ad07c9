package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.face.FaceBox;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/v1/analyze} over real HTTP with real photos from {@code ../shared}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalyzeHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CATEGORIES = Set.of("very light", "light", "intermediate", "tan", "brown", "dark");

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private AnalyzeProperties properties;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void portraitGetsTheAnnotatedFaceSkinTonePaletteAndColours() throws Exception {
        AnnotatedFaces photo = AnnotatedFaces.load("training.xml").stream()
                .filter(a -> a.file().equals("2008_001322.jpg"))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> response = post(Files.readAllBytes(photo.path()), "image/jpeg");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());

        JsonNode box = body.get("faceBox");
        FaceBox face = new FaceBox(
                box.get("x").asInt(),
                box.get("y").asInt(),
                box.get("width").asInt(),
                box.get("height").asInt());
        double bestIou = photo.boxes().stream().mapToDouble(face::iou).max().orElseThrow();
        assertThat(bestIou)
                .as("IoU of the returned face box with the nearest annotated face")
                .isGreaterThanOrEqualTo(0.5);

        JsonNode region = body.get("sampledRegion");
        assertThat(region.get("zones")).hasSize(3);
        assertThat(region.get("skinPixels").asInt())
                .isPositive()
                .isEqualTo(body.get("skinPixels").asInt())
                .isLessThanOrEqualTo(region.get("regionPixels").asInt());
        for (JsonNode zone : region.get("zones")) {
            assertThat(zone.get("x").asInt()).isBetween(face.x(), face.x() + face.width());
            assertThat(zone.get("y").asInt()).isBetween(face.y(), face.y() + face.height());
        }

        JsonNode tone = body.get("skinTone");
        assertThat(CATEGORIES).contains(tone.get("category").asString());
        assertThat(tone.get("hex").asString()).matches("#[0-9a-f]{6}");
        double l = tone.get("lab").get("l").asDouble();
        double b = tone.get("lab").get("b").asDouble();
        assertThat(tone.get("ita").asDouble())
                .isCloseTo(Math.toDegrees(Math.atan2(l - 50, b)), org.assertj.core.api.Assertions.within(0.05));
        assertThat(body.get("undertone").get("label").asString()).isIn("warm", "cool", "neutral");
        assertThat(body.get("season").asString()).isIn("spring", "summer", "autumn", "winter");

        JsonNode palette = body.get("palette");
        assertThat(palette.get("wear").size()).isGreaterThanOrEqualTo(5);
        assertThat(palette.get("avoid").size()).isGreaterThanOrEqualTo(4);
        assertThat(palette.get("metals").get(0).get("name").asString()).isIn("gold", "silver");
        assertThat(palette.get("wearBaseColours").size()).isPositive();

        JsonNode colours = body.get("outfit").get("dominantColours");
        assertThat(colours).hasSize(properties.colours());
        double shares = 0;
        for (JsonNode c : colours) {
            assertThat(c.get("hex").asString()).matches("#[0-9a-f]{6}");
            assertThat(c.get("baseColour").asString()).isNotBlank();
            shares += c.get("share").asDouble();
        }
        assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(body.get("timingsMs").get("total").asDouble()).isPositive();
    }

    @Test
    void rgbaPngPortraitIsAnalysed() throws Exception {
        Path png = SharedData.require("datasets/faces/portraits/32bit.png");
        HttpResponse<String> response = post(Files.readAllBytes(png), "image/png");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("faceBox").get("width").asInt())
                .isGreaterThan(100);
    }

    /** Each Tomcat worker thread gets its own OpenCV classifier, and keeps it across requests. */
    @Test
    void repeatedRequestsGiveTheSameAnswer() throws Exception {
        byte[] png = Files.readAllBytes(SharedData.require("datasets/faces/portraits/astronaut.png"));
        String first = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = post(png, "image/png");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            String answer = body.get("faceBox").toString() + body.get("skinTone") + body.get("outfit");
            if (first == null) {
                first = answer;
            }
            assertThat(answer).isEqualTo(first);
        }
    }

    @Test
    void productPhotoWithoutPersonIs422NoFace() throws Exception {
        Path shoe = ProductPhotoFaceTest.photos(1).getFirst();
        HttpResponse<String> response = post(Files.readAllBytes(shoe), "image/jpeg");
        assertProblem(response, 422, "no-face");
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("No face was found");
        assertThat(metrics())
                .containsPattern("stylesync_inference_analyze_requests_total\\{[^}]*outcome=\"no_face\"[^}]*} [1-9]");
    }

    @Test
    void garbageBytesAre415() throws Exception {
        HttpResponse<String> response =
                post("this is not an image at all".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        assertProblem(response, 415, "not-an-image");
        assertThat(metrics())
                .containsPattern("stylesync_inference_analyze_requests_total\\{[^}]*outcome=\"bad_image\"[^}]*} [1-9]");
    }

    @Test
    void truncatedJpegIs422() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.require("datasets/faces/portraits/obama.jpg"));
        byte[] half = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        HttpResponse<String> response = post(half, "image/jpeg");
        assertProblem(response, 422, "truncated");
    }

    /**
     * Just over the 10 MB file limit: Tomcat reads up to the limit, answers 413 and swallows the rest (a body more
     * than server.tomcat.max-swallow-size, 2 MB, past the limit gets the connection closed instead).
     */
    @Test
    void uploadOverTheMultipartLimitIs413() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024 + 512 * 1024];
        new Random(1).nextBytes(big);
        HttpResponse<String> response = post(big, "image/jpeg");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void missingImagePartIs400() throws Exception {
        HttpResponse<String> response = send(multipart("file", new byte[] {1, 2, 3}, "image/jpeg"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("image");
    }

    @Test
    void openApiDocumentsTheEndpointAndItsProblems() throws Exception {
        String docs = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        JsonNode post = JSON.readTree(docs).get("paths").get("/api/v1/analyze").get("post");
        assertThat(post.get("requestBody").get("content").has("multipart/form-data"))
                .isTrue();
        assertThat(post.get("responses").propertyNames()).contains("200", "413", "415", "422");
    }

    @Test
    void boundSettingsAreTheDocumentedDefaults() {
        assertThat(properties).isEqualTo(AnalyzeProperties.defaults());
    }

    private HttpResponse<String> post(byte[] image, String contentType) throws Exception {
        return send(multipart("image", image, contentType));
    }

    private static final String BOUNDARY = "stylesync-test-boundary-7c1e";

    private static byte[] multipart(String field, byte[] content, String contentType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename=\"upload\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private HttpResponse<String> send(byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/analyze"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("type").asString()).isEqualTo("urn:stylesync:problem:" + type);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(List.of(body.get("detail").asString()))
                .allSatisfy(d -> assertThat(d).isNotBlank());
    }
}
