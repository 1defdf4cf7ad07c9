package io.stylesync.inference.bench;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.BackboneEngine;
import io.stylesync.common.model.BackboneLoader;
import io.stylesync.common.model.BackboneNetwork;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.inference.support.ModelFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code make bench-predict [ENGINE=pytorch|onnxruntime|onnxruntime-int8]}: {@code POST /api/v1/predict} under
 * concurrent load over real HTTP (the load generator runs in this JVM, so its cost counts against the service),
 * served on the engine asked for, then, in the same run, the bare forward pass of the same bundle's backbone on the
 * same engine and images at the batcher's batch size. Prints p50/p99 latency and images/s of each; last line
 * {@code predict_vs_forward=<ratio>}.
 */
public final class PredictBenchmark {

    private PredictBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.images", 256);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int batch = Integer.getInteger("bench.batch", 16);
        BackboneEngine engine = BackboneEngine.of(System.getProperty("bench.engine", "pytorch"));
        System.out.printf(
                Locale.ROOT, "engine=%s concurrency=%d seconds=%d batch=%d%n", engine, concurrency, seconds, batch);
        LoadGenerator.Result predict;
        List<byte[]> requests;
        Path bundle;
        PreprocessConfig config;
        try (BenchService service = BenchService.start(
                count,
                engine,
                "--stylesync.inference.batching.max-batch-size=" + batch,
                "--stylesync.access.rate-limit.paths=")) {
            requests = service.requests;
            bundle = service.bundle;
            config = service.config;
            LoadGenerator.run(service.uri("/api/v1/predict"), requests, concurrency, Duration.ofSeconds(3)); // warm-up
            predict = LoadGenerator.run(
                    service.uri("/api/v1/predict"), requests, concurrency, Duration.ofSeconds(seconds));
            System.out.printf(
                    Locale.ROOT,
                    "predict: requests=%d statuses=%s p50_ms=%.1f p99_ms=%.1f images_per_s=%.1f mean_batch=%.1f%n",
                    predict.ok(),
                    predict.statuses(),
                    predict.percentileMs(0.5),
                    predict.percentileMs(0.99),
                    predict.perSecond(),
                    service.metric("stylesync_inference_batch_size_sum")
                            / service.metric("stylesync_inference_batch_size_count"));
            System.out.printf(Locale.ROOT, "predict ms_per_image: %s%n", predict.stages());
        }
        double[] forward = forward(bundle, engine, config, requests, batch, seconds);
        System.out.printf(
                Locale.ROOT,
                "forward: batches of %d p50_ms_per_batch=%.1f p99_ms_per_batch=%.1f images_per_s=%.1f%n",
                batch,
                forward[0],
                forward[1],
                forward[2]);
        System.out.printf(Locale.ROOT, "predict_vs_forward=%.2f%n", predict.perSecond() / forward[2]);
    }

    /** p50 and p99 milliseconds per batch, and images per second, of the bare forward pass on {@code engine}. */
    static double[] forward(
            Path bundle, BackboneEngine engine, PreprocessConfig config, List<byte[]> images, int batch, double seconds)
            throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(config, new ImageDecoder(DecodeLimits.defaults()));
        int len = config.tensorLength();
        List<float[]> batches = new ArrayList<>();
        for (int s = 0; s + batch <= images.size(); s += batch) {
            float[] input = new float[batch * len];
            for (int i = 0; i < batch; i++) {
                pre.toTensor(
                        pre.resize(new ImageDecoder(DecodeLimits.defaults()).decode(images.get(s + i))),
                        input,
                        i * len);
            }
            batches.add(input);
        }
        ModelBundle read = ModelBundle.read(bundle, ModelFixture.JSON);
        // the loader serving uses, with INT8's accuracy gate opened as BenchService opens it
        try (BackboneNetwork model = BackboneLoader.open(read, new BackboneLoader.Settings(engine, 0, false, 100))) {
            for (int i = 0; i < 3; i++) {
                model.forward(batches.get(i % batches.size()), batch, config.height(), config.width());
            }
            List<Long> times = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int n = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                model.forward(batches.get(n++ % batches.size()), batch, config.height(), config.width());
                times.add(System.nanoTime() - t0);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
            return new double[] {
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] / 1e6,
                times.size() * batch / elapsed
            };
        }
    }
}
