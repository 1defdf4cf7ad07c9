package io.stylesync.inference.bench;

import io.stylesync.common.testing.Multipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop HTTP load: {@code concurrency} clients each post the next image to {@code /predict} as soon
 * as their previous answer arrives, for a given time. Counts answers by status (a failed connection is
 * status 0) and keeps the latencies of the 200s.
 */
final class LoadGenerator {

    record Result(Map<Integer, Long> statuses, long[] sortedLatencyNanos, double seconds) {

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

    private LoadGenerator() {}

    static Result run(URI uri, List<byte[]> images, int concurrency, Duration duration) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
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
                            status = http.send(
                                            HttpRequest.newBuilder(uri)
                                                    .timeout(Duration.ofSeconds(60))
                                                    .header("Content-Type", m.contentType())
                                                    .POST(m.publisher())
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
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
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> w : workers) {
            all.addAll(w.get());
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        return new Result(
                counts, all.stream().mapToLong(Long::longValue).sorted().toArray(), seconds);
    }
}
