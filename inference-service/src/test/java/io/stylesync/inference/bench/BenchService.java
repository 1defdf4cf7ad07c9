package io.stylesync.inference.bench;

import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.BackboneEngine;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.inference.InferenceApplication;
import io.stylesync.inference.support.ModelFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the inference benchmarks share: labelled images from a kaggle-styles directory, a real model
 * bundle (the given backbone plus heads fitted in closed form on half of the images; for an ONNX engine also the
 * backbone exported to ONNX and INT8 ONNX by {@code tools/export_onnx.py}, as {@code make bundle-onnx} does), and
 * inference-service started on it in this JVM, serving that bundle on the engine asked for.
 */
final class BenchService implements AutoCloseable {

    final List<byte[]> requests;
    final Path backbone;
    final Path bundle;
    final PreprocessConfig config;
    private final ConfigurableApplicationContext app;
    private final int port;

    private BenchService(
            List<byte[]> requests,
            Path backbone,
            Path bundle,
            PreprocessConfig config,
            ConfigurableApplicationContext app) {
        this.requests = requests;
        this.backbone = backbone;
        this.bundle = bundle;
        this.config = config;
        this.app = app;
        this.port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    /** {@link #start(int, BackboneEngine, String...)} on PyTorch, the engine of a bundle without exports. */
    static BenchService start(int count, String... extraArgs) throws Exception {
        return start(count, BackboneEngine.PYTORCH, extraArgs);
    }

    /**
     * Reads the bench.* system properties, builds the bundle (with ONNX exports unless {@code engine} is PyTorch),
     * starts the service serving it on {@code engine} and waits until it is ready. INT8's accuracy gate is opened
     * here: a speed benchmark must run the engine it names; the drop INT8 costs is printed by the export.
     */
    static BenchService start(int count, BackboneEngine engine, String... extraArgs) throws Exception {
        Path datasetDir = Path.of(System.getProperty("bench.dataset"));
        Path backbone = Path.of(System.getProperty("bench.backbone")).toAbsolutePath();
        PreprocessConfig config = "imagenet".equals(System.getProperty("bench.normalization"))
                ? PreprocessConfig.imagenet(224)
                : PreprocessConfig.mobileNetV2(224);
        List<byte[]> images = new ArrayList<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        labels.put("masterCategory", new ArrayList<>());
        labels.put("articleType", new ArrayList<>());
        readKaggleStyles(datasetDir, count, images, labels);
        int half = images.size() / 2;
        Path bundle = Files.createTempDirectory("bench-bundle");
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            float[][] x = ModelFixture.embed(model, config, images.subList(0, half));
            Map<String, List<String>> trainLabels = new LinkedHashMap<>();
            labels.forEach((k, v) -> trainLabels.put(k, v.subList(0, half)));
            ModelFixture.write(bundle, backbone, config, x, trainLabels, 1.0, Map.of("dataset.name", "bench"), null);
        }
        if (engine != BackboneEngine.PYTORCH) {
            ModelFixture.addOnnxExports(bundle, datasetDir.resolve("images"), datasetDir);
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--stylesync.inference.bundle-dir=" + bundle,
                "--stylesync.inference.similar.enabled=false",
                "--stylesync.inference.events.monitoring-url=",
                "--stylesync.inference.cache-dir=" + bundle.resolve("cache"),
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--stylesync.inference.engine.name=" + engine.id(),
                "--stylesync.inference.engine.int8-max-accuracy-drop=100"));
        args.addAll(List.of(extraArgs));
        System.out.printf(
                "dataset=%s images=%d (heads fitted on %d) backbone=%s cores=%d%n",
                datasetDir,
                images.size(),
                half,
                backbone.getFileName(),
                Runtime.getRuntime().availableProcessors());
        BenchService service = new BenchService(
                images.subList(half, images.size()),
                backbone,
                bundle,
                config,
                SpringApplication.run(InferenceApplication.class, args.toArray(String[]::new)));
        service.awaitReady();
        String served = service.get("/api/v1/model");
        if (!served.contains("\"engine\":\"" + engine.id() + "\"")) {
            service.close();
            throw new IllegalStateException("asked for engine " + engine.id() + ", the service reports " + served);
        }
        return service;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The sum of a Prometheus metric's samples in the exposition text. */
    double metric(String name) throws Exception {
        return get("/actuator/prometheus")
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.send(
                                    HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("inference-service not ready");
    }

    @Override
    public void close() {
        app.close();
    }

    /** Images of a kaggle-styles directory (styles.csv + images/<id>.jpg|png) with a value for every wanted label. */
    private static void readKaggleStyles(Path dir, int count, List<byte[]> images, Map<String, List<String>> labels)
            throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("styles.csv"));
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        int id = header.indexOf("id");
        for (String line : lines.subList(1, lines.size())) {
            if (images.size() == count) {
                break;
            }
            String[] f = line.split(","); // productDisplayName, the only column with commas, is the last
            Path image = Files.exists(dir.resolve("images/" + f[id] + ".jpg"))
                    ? dir.resolve("images/" + f[id] + ".jpg")
                    : dir.resolve("images/" + f[id] + ".png");
            boolean complete = Files.exists(image);
            for (String a : labels.keySet()) {
                int i = header.indexOf(a);
                complete &= i >= 0 && i < f.length && !f[i].isBlank();
            }
            if (complete) {
                images.add(Files.readAllBytes(image));
                for (var e : labels.entrySet()) {
                    e.getValue().add(f[header.indexOf(e.getKey())]);
                }
            }
        }
        if (images.size() < 32) {
            throw new IllegalStateException("only " + images.size() + " labelled images under " + dir);
        }
    }
}
