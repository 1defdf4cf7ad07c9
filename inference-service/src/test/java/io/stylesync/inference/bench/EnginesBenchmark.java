package io.stylesync.inference.bench;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.BackboneEngine;
import io.stylesync.common.model.OnnxBackbone;
import io.stylesync.common.model.TorchScriptModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make bench-engines}: the bare forward pass of one backbone on DJL's PyTorch engine (the TorchScript file),
 * on ONNX Runtime (its fp32 export) and, when given, on ONNX Runtime INT8, on the same real images at batch sizes 1,
 * 8 and 16, with the same number of intra-op threads. The engines take turns in rounds, so load from elsewhere on a
 * shared machine falls on all of them alike. Prints img/s and p50/p99 ms per batch for each engine and batch size,
 * the fp32 export's max abs difference from TorchScript on these images. Then, when {@code bench.dataset} names a
 * kaggle-styles directory, {@code POST /api/v1/predict} over real HTTP on each engine in turn ({@link BenchService}:
 * the same backbone in a bundle with its ONNX exports, served on that engine, 16 clients for
 * {@code bench.predictSeconds}): images/s, p50/p99 and {@code predict_vs_forward.<engine>=} (its /predict images/s
 * over that engine's bare forward images/s at batch 16 above), and where the time goes per image (decode,
 * preprocess, queue, share of the forward pass, total; and the JVM's CPU time). Last {@code onnx_vs_pytorch=} (fp32, batch 16;
 * {@code int8_vs_pytorch=} before it when INT8 ran).
 */
public final class EnginesBenchmark {

    private EnginesBenchmark() {}

    @FunctionalInterface
    interface Engine {
        float[] forward(float[] batch, int n, int height, int width);
    }

    public static void main(String[] args) throws Exception {
        Path backbone = Path.of(System.getProperty("bench.backbone"));
        Path onnx = Path.of(System.getProperty("bench.onnx", backbone.toString().replaceAll("\\.pt$", ".onnx")));
        String int8 = System.getProperty("bench.int8", "");
        Path images = Path.of(System.getProperty("bench.images"));
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "4"));
        int rounds = Integer.getInteger("bench.rounds", 3);
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        PreprocessConfig config = PreprocessConfig.mobileNetV2(224);
        float[] pool = tensors(images, config, 32);
        System.out.printf(
                Locale.ROOT,
                "images=%d from %s threads=%d seconds_per_run=%.0f rounds=%d%n",
                pool.length / config.tensorLength(),
                images,
                threads,
                seconds,
                rounds);

        Map<String, Engine> engines = new LinkedHashMap<>();
        TorchScriptModel torch = TorchScriptModel.load(backbone);
        engines.put("pytorch", torch::forward);
        OnnxBackbone fp32 = OnnxBackbone.load(onnx, threads);
        engines.put("onnxruntime", fp32::forward);
        OnnxBackbone quantized = int8.isBlank() ? null : OnnxBackbone.load(Path.of(int8), threads);
        if (quantized != null) {
            engines.put("onnxruntime-int8", quantized::forward);
        }
        System.out.printf(
                Locale.ROOT,
                "onnx_max_abs_diff=%.2e (fp32 export vs TorchScript, 16 real images)%n",
                maxAbsDiff(torch, fp32, pool, config));

        int[] batches = {1, 8, 16};
        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, double[]> busy = new LinkedHashMap<>(); // [seconds, images]
        for (int round = 0; round < rounds; round++) {
            for (int batch : batches) {
                for (var e : engines.entrySet()) {
                    String key = e.getKey() + "/" + batch;
                    long[] run = run(e.getValue(), pool, config, batch, round == 0 ? 1 : seconds);
                    if (round == 0) {
                        continue; // warm-up: first calls allocate and pick kernels
                    }
                    List<Long> t = times.computeIfAbsent(key, k -> new ArrayList<>());
                    for (long v : run) {
                        t.add(v);
                    }
                    double[] b = busy.computeIfAbsent(key, k -> new double[2]);
                    for (long v : run) {
                        b[0] += v / 1e9;
                    }
                    b[1] += (double) run.length * batch;
                }
            }
        }
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (var e : times.entrySet()) {
            long[] sorted =
                    e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            double[] b = busy.get(e.getKey());
            perSecond.put(e.getKey(), b[1] / b[0]);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s images_per_s=%7.1f p50_ms=%7.1f p99_ms=%7.1f batches=%d%n",
                    e.getKey(),
                    b[1] / b[0],
                    sorted[sorted.length / 2] / 1e6,
                    sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] / 1e6,
                    sorted.length);
        }
        torch.close();
        fp32.close();
        if (quantized != null) {
            quantized.close();
        }
        if (!System.getProperty("bench.dataset", "").isBlank()) {
            predictPerEngine(engines.keySet(), perSecond);
        }
        if (perSecond.containsKey("onnxruntime-int8/16")) {
            System.out.printf(
                    Locale.ROOT,
                    "int8_vs_pytorch=%.2f%n",
                    perSecond.get("onnxruntime-int8/16") / perSecond.get("pytorch/16"));
        }
        System.out.printf(
                Locale.ROOT, "onnx_vs_pytorch=%.2f%n", perSecond.get("onnxruntime/16") / perSecond.get("pytorch/16"));
    }

    /** /predict over HTTP on each engine, one service at a time, against that engine's bare forward pass. */
    private static void predictPerEngine(Iterable<String> engineIds, Map<String, Double> forwardPerSecond)
            throws Exception {
        int count = Integer.getInteger("bench.predictImages", 256);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        double seconds = Double.parseDouble(System.getProperty("bench.predictSeconds", "15"));
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String id : engineIds) {
            BackboneEngine engine = BackboneEngine.of(id);
            try (BenchService service = BenchService.start(
                    count,
                    engine,
                    "--stylesync.inference.batching.max-batch-size=16",
                    "--stylesync.access.rate-limit.paths=")) {
                URI predict = service.uri("/api/v1/predict");
                LoadGenerator.run(predict, service.requests, concurrency, Duration.ofSeconds(3)); // warm-up
                LoadGenerator.Result r = LoadGenerator.run(
                        predict, service.requests, concurrency, Duration.ofMillis((long) (seconds * 1000)));
                double ratio = r.perSecond() / forwardPerSecond.get(id + "/16");
                ratios.put(id, ratio);
                System.out.printf(
                        Locale.ROOT,
                        "predict/%-16s images_per_s=%7.1f p50_ms=%7.1f p99_ms=%7.1f statuses=%s mean_batch=%.1f%n",
                        id,
                        r.perSecond(),
                        r.percentileMs(0.5),
                        r.percentileMs(0.99),
                        r.statuses(),
                        service.metric("stylesync_inference_batch_size_sum")
                                / service.metric("stylesync_inference_batch_size_count"));
                System.out.printf(Locale.ROOT, "predict/%-16s ms_per_image: %s%n", id, r.stages());
            }
        }
        ratios.forEach((id, ratio) -> System.out.printf(Locale.ROOT, "predict_vs_forward.%s=%.2f%n", id, ratio));
    }

    /** Nanoseconds of each forward pass of {@code batch} images, for about {@code seconds}. */
    private static long[] run(Engine engine, float[] pool, PreprocessConfig config, int batch, double seconds) {
        int len = config.tensorLength();
        int images = pool.length / len;
        float[] input = new float[batch * len];
        List<Long> t = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int next = 0;
        while (System.nanoTime() < end || t.isEmpty()) {
            for (int i = 0; i < batch; i++) {
                System.arraycopy(pool, (next++ % images) * len, input, i * len, len);
            }
            long t0 = System.nanoTime();
            engine.forward(input, batch, config.height(), config.width());
            t.add(System.nanoTime() - t0);
        }
        return t.stream().mapToLong(Long::longValue).toArray();
    }

    private static double maxAbsDiff(TorchScriptModel torch, OnnxBackbone onnx, float[] pool, PreprocessConfig config) {
        int n = Math.min(16, pool.length / config.tensorLength());
        float[] a = torch.forward(pool, n, config.height(), config.width());
        float[] b = onnx.forward(pool, n, config.height(), config.width());
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Up to {@code count} images of {@code dir} (searched recursively), preprocessed, one after another. */
    private static float[] tensors(Path dir, PreprocessConfig config, int count) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$"))
                    .sorted()
                    .limit(count)
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .jpg or .png under " + dir);
        }
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        ImagePreprocessor pre = new ImagePreprocessor(config, decoder);
        int len = config.tensorLength();
        float[] out = new float[files.size() * len];
        for (int i = 0; i < files.size(); i++) {
            pre.toTensor(pre.resize(decoder.decode(Files.readAllBytes(files.get(i)))), out, i * len);
        }
        return out;
    }
}
