package io.stylesync.inference.bench;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.Multipart;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code make bench-predict}: {@code POST /api/v1/predict} under concurrent load over real HTTP (the
 * load generator runs in this JVM, so its cost counts against the service), then, in the same run, the
 * bare forward pass of the same TorchScript backbone on the same images at the batcher's batch size.
 * Prints p50/p99 latency and images/s of each; last line {@code predict_vs_forward=<ratio>}.
 *
 * <p>The served model is real: the backbone given plus heads fitted in closed form
 * ({@code GaussianHead}) on half of the images; the other half are the requests.
 */
public final class PredictBenchmark {

    private PredictBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path datasetDir = Path.of(System.getProperty("bench.dataset"));
        Path backbone = Path.of(System.getProperty("bench.backbone")).toAbsolutePath();
        int count = Integer.getInteger("bench.images", 256);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int batch = Integer.getInteger("bench.batch", 16);
        PreprocessConfig config = "imagenet".equals(System.getProperty("bench.normalization")) ? PreprocessConfig.imagenet(224)
                : PreprocessConfig.mobileNetV2(224);

        List<byte[]> images = new ArrayList<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        labels.put("masterCategory", new ArrayList<>());
        labels.put("articleType", new ArrayList<>());
        readKaggleStyles(datasetDir, count, images, labels);
        int half = images.size() / 2;
        System.out.printf(Locale.ROOT, "dataset=%s images=%d backbone=%s concurrency=%d seconds=%d batch=%d cores=%d%n", datasetDir,
                images.size(), backbone.getFileName(), concurrency, seconds, batch, Runtime.getRuntime().availableProcessors());

        Path bundle = Files.createTempDirectory("bench-bundle");
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            float[][] x = ModelFixture.embed(model, config, images.subList(0, half));
            Map<String, List<String>> trainLabels = new LinkedHashMap<>();
            labels.forEach((k, v) -> trainLabels.put(k, v.subList(0, half)));
            ModelFixture.write(bundle, backbone, config, x, trainLabels, 1.0, Map.of("dataset.name", "bench"), null);
        }
        List<byte[]> requests = images.subList(half, images.size());

        ConfigurableApplicationContext app = SpringApplication.run(InferenceApplication.class,
                "--server.port=0", "--stylesync.inference.bundle-dir=" + bundle, "--stylesync.inference.similar.enabled=false",
                "--stylesync.inference.events.monitoring-url=", "--stylesync.inference.batching.max-batch-size=" + batch,
                "--stylesync.inference.cache-dir=" + bundle.resolve("cache"), "--stylesync.access.rate-limit.paths=",
                "--logging.level.root=WARN");
        Result predict;
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/predict");
            awaitReady(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"));
            load(uri, requests, concurrency, 3); // warm-up: JIT, Tomcat threads, allocator
            predict = load(uri, requests, concurrency, seconds);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            System.out.printf(Locale.ROOT, "predict: requests=%d errors=%d p50_ms=%.1f p99_ms=%.1f images_per_s=%.1f mean_batch=%.1f%n",
                    predict.count, predict.errors, predict.p50, predict.p99, predict.perSecond,
                    metric(metrics, "stylesync_inference_batch_size_sum") / metric(metrics, "stylesync_inference_batch_size_count"));
        } finally {
            app.close();
        }

        Result forward = forward(backbone, config, requests, batch, seconds);
        System.out.printf(Locale.ROOT, "forward: batches of %d p50_ms_per_batch=%.1f p99_ms_per_batch=%.1f images_per_s=%.1f%n", batch,
                forward.p50, forward.p99, forward.perSecond);
        System.out.printf(Locale.ROOT, "predict_vs_forward=%.2f%n", predict.perSecond / forward.perSecond);
    }

    record Result(int count, int errors, double p50, double p99, double perSecond) {
    }

    private static Result load(URI uri, List<byte[]> images, int concurrency, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Future<List<Long>>> workers = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        byte[] image = images.get(Math.floorMod(next.getAndIncrement(), images.size()));
                        Multipart m = new Multipart().file("image", "bench.jpg", "application/octet-stream", image);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", m.contentType())
                                .POST(m.publisher()).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return latencies;
                }));
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> w : workers) {
            all.addAll(w.get());
        }
        return summarise(all, errors.get(), all.size() / elapsed);
    }

    private static Result forward(Path backbone, PreprocessConfig config, List<byte[]> images, int batch, int seconds) throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(config, new ImageDecoder(DecodeLimits.defaults()));
        int len = config.tensorLength();
        List<float[]> batches = new ArrayList<>();
        for (int s = 0; s + batch <= images.size(); s += batch) {
            float[] input = new float[batch * len];
            for (int i = 0; i < batch; i++) {
                pre.toTensor(pre.resize(new ImageDecoder(DecodeLimits.defaults()).decode(images.get(s + i))), input, i * len);
            }
            batches.add(input);
        }
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            for (int i = 0; i < 3; i++) {
                model.forward(batches.get(i % batches.size()), batch, config.height(), config.width());
            }
            List<Long> times = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            int n = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                model.forward(batches.get(n++ % batches.size()), batch, config.height(), config.width());
                times.add(System.nanoTime() - t0);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return summarise(times, 0, times.size() * batch / elapsed);
        }
    }

    private static Result summarise(List<Long> nanos, int errors, double perSecond) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, errors, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, perSecond);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static double metric(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void awaitReady(URI readiness) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("inference-service not ready");
    }

    /** Images of a kaggle-styles directory (styles.csv + images/<id>.jpg|png) with a value for every wanted label. */
    private static void readKaggleStyles(Path dir, int count, List<byte[]> images, Map<String, List<String>> labels) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("styles.csv"));
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        int id = header.indexOf("id");
        for (String line : lines.subList(1, lines.size())) {
            if (images.size() == count) {
                break;
            }
            String[] f = line.split(","); // productDisplayName, the only column with commas, is the last
            Path image = Files.exists(dir.resolve("images/" + f[id] + ".jpg")) ? dir.resolve("images/" + f[id] + ".jpg")
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
