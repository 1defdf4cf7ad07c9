package io.stylesync.inference.kserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.Multipart;
import io.stylesync.common.testing.Prerequisites;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.inference.support.ModelFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol endpoints as NVIDIA's {@code tritonclient[http]} (PyPI, in {@code .venv}) speaks them:
 * health, metadata, infer with JSON and with binary tensor data in both directions, and a bad image raising the
 * client's {@code InferenceServerException} with the server's message. Real product photos, a real model, real HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stylesync.mlflow.tracking-uri=http://127.0.0.1:1", "stylesync.inference.events.monitoring-url="})
@SlowTest("NVIDIA's tritonclient from .venv")
class TritonClientTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();
    static final String MODEL = "stylesync-fashion";
    static final String OUTPUT = "masterCategory";

    static Path work;
    static DatasetManifest dataset;
    static ModelFixture.Built built;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry r) throws Exception {
        ModelFixture.LocalModel model = ModelFixture.local(s3, "products", "v00000000000000c1", 5);
        model.serve(r);
        work = model.work();
        dataset = model.dataset();
        built = model.built();
    }

    @Test
    void nvidiasClientReadsMetadataInfersInJsonAndBinaryAndGetsTheServersErrors() throws Exception {
        Path python = Path.of(System.getProperty("stylesync.python", "../.venv/bin/python"));
        Path script = Path.of(System.getProperty("stylesync.tritonclient.script", "../scripts/tritonclient_check.py"));
        Prerequisites.require(
                Files.isExecutable(python) && imports(python, "tritonclient.http"),
                "tritonclient[http] in " + python,
                "make deps-python installs it from tools/requirements.txt");

        awaitModel();
        DatasetReader reader = new DatasetReader(s3.store(), ModelFixture.JSON, "stylesync");
        List<DatasetRecord> photos =
                List.of(built.test().get(0), built.test().get(built.test().size() - 1));
        List<String> args = new ArrayList<>(
                List.of(python.toString(), script.toString(), "127.0.0.1:" + port, MODEL, OUTPUT, write("bad", bad())));
        List<String> expectedLabels = new ArrayList<>();
        for (DatasetRecord photo : photos) {
            byte[] bytes = reader.file(dataset, photo.key(), 20_000_000);
            args.add(write(photo.id(), bytes));
            expectedLabels.add(predictedLabel(bytes));
        }

        JsonNode report = run(args);

        assertThat(report.get("live").asBoolean()).isTrue();
        assertThat(report.get("ready").asBoolean()).isTrue();
        assertThat(report.get("model_ready").asBoolean()).isTrue();
        JsonNode meta = report.get("metadata");
        assertThat(meta.get("name").asString()).isEqualTo(MODEL);
        assertThat(meta.get("inputs").get(0).get(0).asString()).isEqualTo("image");
        assertThat(meta.get("outputs").toString()).contains("\"" + OUTPUT + "\"", "\"" + OUTPUT + "_label\"");
        String version = meta.get("versions").get(0).asString();
        int classes = dataset.labelMaps().get(OUTPUT).size();

        JsonNode json = report.get("json");
        for (String run : List.of("json", "binary_input", "binary_output", "binary_default", "versioned")) {
            JsonNode r = report.get(run);
            assertThat(r.get("id").asString()).as(run).isEqualTo("tritonclient");
            assertThat(r.get("model_version").asString()).as(run).isEqualTo(version);
            assertThat(labels(r)).as(run + ": the labels /predict gives").isEqualTo(expectedLabels);
            assertThat(r.get("probabilities")).as(run).hasSize(photos.size());
            for (int i = 0; i < photos.size(); i++) {
                JsonNode p = r.get("probabilities").get(i);
                assertThat(p).as(run).hasSize(classes);
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += p.get(k).asDouble();
                    assertThat(p.get(k).asDouble())
                            .as(run + ": the same probabilities as the JSON answer")
                            .isCloseTo(json.get("probabilities").get(i).get(k).asDouble(), within(1e-6));
                }
                assertThat(sum).isCloseTo(1.0, within(1e-4));
            }
        }
        assertThat(report.get("json").get("binary_outputs")).isEmpty();
        assertThat(report.get("binary_input").get("binary_outputs")).isEmpty();
        assertThat(report.get("binary_output").get("binary_outputs").toString())
                .isEqualTo("[\"" + OUTPUT + "\",\"" + OUTPUT + "_label\"]");
        assertThat(report.get("binary_default").get("binary_outputs"))
                .as("no outputs named: the client asks for all of them in binary")
                .hasSize(report.get("binary_default").get("outputs").size());
        assertThat(report.get("binary_default").get("outputs").size()).isGreaterThan(2);

        assertThat(report.get("versioned_ready").asBoolean()).isTrue();
        assertThat(report.get("wrong_version").get("message").asString()).contains("has no version '" + version + "9'");

        String serverSays = serverError(bad());
        assertThat(serverSays).contains("image");
        assertThat(report.get("bad_image").get("message").asString()).isEqualTo(serverSays);
        assertThat(report.get("bad_image_json").get("message").asString()).isEqualTo(serverSays);
        assertThat(report.get("unknown_model").get("message").asString()).contains("no model named");
    }

    /** Binary bodies that do not add up: each a 400 in the protocol's error form naming what is wrong. */
    @Test
    void refusesBinaryBodiesThatDoNotAddUp() throws Exception {
        awaitModel();
        byte[] jpeg = ImageCorpus.jpeg(48, 48, 3);
        byte[] element = java.nio.ByteBuffer.allocate(4 + jpeg.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(jpeg.length)
                .put(jpeg)
                .array();
        String header = "{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[1],"
                + "\"parameters\":{\"binary_data_size\":" + element.length + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] good = concat(h, element);
        assertThat(post(good, String.valueOf(h.length)).statusCode())
                .as("the well-formed body these are cut from")
                .isEqualTo(200);
        assertError(post(good, String.valueOf(good.length + 1)), "outside the body");
        assertError(post(good, "twelve"), "must be an integer");
        assertError(post(concat(good, new byte[] {1, 2, 3}), String.valueOf(h.length)), "belong to no input");
        assertError(post(java.util.Arrays.copyOf(good, good.length - 10), String.valueOf(h.length)), "remain");
        byte[] lying = concat(
                h,
                java.nio.ByteBuffer.allocate(element.length)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putInt(element.length)
                        .array());
        assertError(post(lying, String.valueOf(h.length)), "declares");
        assertError(post(good, String.valueOf(h.length - 2)), "JSON");
    }

    @Test
    void openApiDescribesBothBodies() throws Exception {
        JsonNode docs = ModelFixture.JSON.readTree(HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        JsonNode post = docs.get("paths").get("/v2/models/{name}/infer").get("post");
        assertThat(post.get("requestBody").get("content").propertyNames())
                .contains("application/json", "application/octet-stream");
        assertThat(post.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .toString())
                .contains("InferRequest");
        assertThat(post.get("responses").get("200").get("content").propertyNames())
                .contains("application/json", "application/octet-stream");
    }

    HttpResponse<String> post(byte[] body, String headerLength) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/v2/models/" + MODEL + "/infer"))
                                .header("Content-Type", "application/octet-stream")
                                .header("Inference-Header-Content-Length", headerLength)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static void assertError(HttpResponse<String> r, String says) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(ModelFixture.JSON.readTree(r.body()).get("error").asString()).contains(says);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The bundle loads in the background after start-up. */
    void awaitModel() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                != 200) {
            assertThat(System.nanoTime()).as("the model loaded").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static byte[] bad() {
        return ImageCorpus.textNamedJpg();
    }

    /** What the server answers to the bad image, asked in plain JSON with Java's own client. */
    String serverError(byte[] image) throws Exception {
        String body = ModelFixture.JSON.writeValueAsString(Map.of(
                "inputs",
                List.of(Map.of(
                        "name",
                        "image",
                        "datatype",
                        "BYTES",
                        "shape",
                        List.of(1),
                        "data",
                        List.of(Base64.getEncoder().encodeToString(image))))));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/v2/models/" + MODEL + "/infer"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = ModelFixture.JSON.readTree(r.body());
        assertThat(error.propertyNames()).containsExactly("error");
        return error.get("error").asString();
    }

    String predictedLabel(byte[] image) throws Exception {
        Multipart m = new Multipart().file("image", "photo.jpg", "image/jpeg", image);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/predict"))
                                .header("Content-Type", m.contentType())
                                .POST(m.publisher())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ModelFixture.JSON
                .readTree(r.body())
                .get("predictions")
                .get(OUTPUT)
                .get(0)
                .get("label")
                .asString();
    }

    static List<String> labels(JsonNode run) {
        List<String> labels = new ArrayList<>();
        run.get("labels").forEach(l -> labels.add(l.asString()));
        return labels;
    }

    static String write(String name, byte[] bytes) throws Exception {
        Path file = work.resolve(name + ".img");
        Files.write(file, bytes);
        return file.toString();
    }

    static boolean imports(Path python, String module) throws Exception {
        Process p = new ProcessBuilder(python.toString(), "-c", "import " + module)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static JsonNode run(List<String> command) throws Exception {
        Path err = work.resolve("tritonclient.err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("the client script finished")
                .isTrue();
        assertThat(p.exitValue())
                .as("tritonclient_check.py failed:\n" + Files.readString(err))
                .isZero();
        return ModelFixture.JSON.readTree(new String(out, StandardCharsets.UTF_8));
    }
}
