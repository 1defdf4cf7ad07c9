package io.stylesync.inference.bench;

import io.stylesync.common.testing.Multipart;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closed-loop HTTP load: {@code concurrency} clients each post the next image to {@code /predict} as soon
 * as their previous answer arrives, for a given time. Counts answers by status (a failed connection is
 * status 0), keeps the latencies of the 200s, and sums the stage timings each 200 reports ({@code timings}:
 * decode, preprocess, queue, its share of the batched forward pass, total), and this process's CPU time over
 * the run (the service and the load generator share the JVM), to say where the time goes.
 */
final class LoadGenerator {

    record Result(
            Map<Integer, Long> statuses, long[] sortedLatencyNanos, double seconds, double[] stageMs, double cpuMs) {

        /** The stages {@link #stageMs} sums, in the order of the response's {@code timings}. */
        static final String[] STAGES = {"decode", "preprocess", "queue", "forward_share", "total"};

        /**
         * Mean milliseconds per answered image of each stage, and of this process's CPU time: e.g.
         * {@code decode=1.2 preprocess=0.4 queue=80.1 forward_share=9.8 total=101.0 process_cpu=21.3}.
         */
        String stages() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < STAGES.length; i++) {
                b.append(String.format(java.util.Locale.ROOT, "%s=%.1f ", STAGES[i], stageMs[i] / Math.max(1, ok())));
            }
            return b.append(String.format(java.util.Locale.ROOT, "process_cpu=%.1f", cpuMs / Math.max(1, ok())))
                    .toString();
        }

        long ok() {
            return statuses.getOrDefault(200, 0L);
        }

        double perSecond() {
            return ok() / seconds;
        }

        double percentileMs(double q) {
            if (sortedLatencyNanos.length == 0) {
                return Double.NaN;
            }
            return sortedLatencyNanos[
                            (int) Math.min(sortedLatencyNanos.length - 1, Math.ceil(q * sortedLatencyNanos.length) - 1)]
                    / 1e6;
        }

        /** Answers other than 200 and the intentional 503 (overloaded) and 429 (rate limited). */
        long errors() {
            return statuses.entrySet().stream()
                    .filter(e -> e.getKey() != 200 && e.getKey() != 503 && e.getKey() != 429)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LoadGenerator() {}

    static Result run(URI uri, List<byte[]> images, int concurrency, Duration duration) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        DoubleAdder[] stages = new DoubleAdder[Result.STAGES.length];
        Arrays.setAll(stages, i -> new DoubleAdder());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        List<Future<List<Long>>> workers = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        byte[] image = images.get(Math.floorMod(next.getAndIncrement(), images.size()));
                        Multipart m = new Multipart().file("image", "load.jpg", "application/octet-stream", image);
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            HttpResponse<byte[]> response = http.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(60))
                                            .header("Content-Type", m.contentType())
                                            .POST(m.publisher())
                                            .build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            status = response.statusCode();
                            if (status == 200) {
                                addTimings(response.body(), stages);
                            }
                        } catch (java.io.IOException e) {
                            status = 0;
                        }
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        if (status == 200) {
                            latencies.add(System.nanoTime() - t0);
                        }
                    }
                    return latencies;
                }));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> w : workers) {
            all.addAll(w.get());
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        double[] stageMs = Arrays.stream(stages).mapToDouble(DoubleAdder::sum).toArray();
        return new Result(
                counts, all.stream().mapToLong(Long::longValue).sorted().toArray(), seconds, stageMs, cpuMs);
    }

    /** Adds a /predict answer's {@code timings} to the sums; the forward pass counts by this image's share. */
    private static void addTimings(byte[] body, DoubleAdder[] stages) {
        JsonNode t = JSON.readTree(body).path("timings");
        if (t.isMissingNode()) {
            return;
        }
        stages[0].add(t.path("decodeMs").asDouble());
        stages[1].add(t.path("preprocessMs").asDouble());
        stages[2].add(t.path("queueMs").asDouble());
        stages[3].add(t.path("inferenceMs").asDouble()
                / Math.max(1, t.path("batchSize").asInt(1)));
        stages[4].add(t.path("totalMs").asDouble());
    }
}
