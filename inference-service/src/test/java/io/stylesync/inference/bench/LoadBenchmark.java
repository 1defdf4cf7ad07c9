package io.stylesync.inference.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code make bench-load}: inference-service (in this JVM, serving a real bundle) under
 * {@code /predict} load over real HTTP.
 * <ol>
 *   <li>Load: {@code bench.concurrency} (64) clients for {@code bench.seconds} (60 s): answers by status,
 *       p50/p99, images/s; {@code load_errors} counts answers other than 200 and the intentional 503/429.</li>
 *   <li>Soak: {@code bench.soakMinutes} (10) at 16 clients, sampling every 10 s the process's resident memory
 *       (heap + native: DJL/PyTorch, OpenCV, direct buffers) and the heap in use after the last GC; prints each
 *       sample and the least-squares slopes after the first minute (warm-up); last line
 *       {@code soak_rss_slope_mb_per_min=<slope>}. Flat memory is a slope near 0.</li>
 * </ol>
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int concurrency = Integer.getInteger("bench.concurrency", 64);
        int seconds = Integer.getInteger("bench.seconds", 60);
        double soakMinutes = Double.parseDouble(System.getProperty("bench.soakMinutes", "10"));
        try (BenchService service =
                BenchService.start(Integer.getInteger("bench.images", 128), "--stylesync.access.rate-limit.paths=")) {
            var uri = service.uri("/api/v1/predict");
            LoadGenerator.run(uri, service.requests, 8, Duration.ofSeconds(3)); // warm-up
            LoadGenerator.Result load =
                    LoadGenerator.run(uri, service.requests, concurrency, Duration.ofSeconds(seconds));
            System.out.printf(
                    Locale.ROOT,
                    "load: concurrency=%d seconds=%d statuses=%s p50_ms=%.0f p99_ms=%.0f images_per_s=%.1f%n",
                    concurrency,
                    seconds,
                    load.statuses(),
                    load.percentileMs(0.5),
                    load.percentileMs(0.99),
                    load.perSecond());
            System.out.printf(Locale.ROOT, "load_errors=%d%n", load.errors());

            List<double[]> samples = new ArrayList<>(); // minutes, rss MB, heap-after-GC MB
            long start = System.nanoTime();
            CompletableFuture<LoadGenerator.Result> soak = CompletableFuture.supplyAsync(() -> {
                try {
                    return LoadGenerator.run(
                            uri, service.requests, 16, Duration.ofMillis((long) (soakMinutes * 60_000)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (!soak.isDone()) {
                Thread.sleep(10_000);
                double minutes = (System.nanoTime() - start) / 6e10;
                double rss = residentMb();
                double heap = heapAfterGcMb();
                samples.add(new double[] {minutes, rss, heap});
                System.out.printf(
                        Locale.ROOT, "soak: t=%.1f min rss_mb=%.0f heap_after_gc_mb=%.0f%n", minutes, rss, heap);
            }
            LoadGenerator.Result s = soak.get();
            System.out.printf(
                    Locale.ROOT,
                    "soak: requests=%d statuses=%s p99_ms=%.0f images_per_s=%.1f errors=%d%n",
                    s.ok(),
                    s.statuses(),
                    s.percentileMs(0.99),
                    s.perSecond(),
                    s.errors());
            List<double[]> settled = samples.stream().filter(x -> x[0] >= 1.0).toList();
            System.out.printf(Locale.ROOT, "soak_heap_after_gc_slope_mb_per_min=%.2f%n", slope(settled, 2));
            System.out.printf(Locale.ROOT, "soak_rss_slope_mb_per_min=%.2f%n", slope(settled, 1));
        }
    }

    static double slope(List<double[]> samples, int column) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (double[] s : samples) {
            mx += s[0] / n;
            my += s[column] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (double[] s : samples) {
            sxy += (s[0] - mx) * (s[column] - my);
            sxx += (s[0] - mx) * (s[0] - mx);
        }
        return sxy / sxx;
    }

    private static double residentMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double heapAfterGcMb() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used / 1048576.0;
    }
}
