package io.stylesync.inference.analyze.bench;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.AnalyzeBenchmarkAccess;
import io.stylesync.inference.analyze.AnalyzeProperties;
import io.stylesync.inference.analyze.ColourAnalysis;
import io.stylesync.inference.analyze.ColourAnalyzer;
import io.stylesync.inference.analyze.KnownColours;
import io.stylesync.inference.analyze.LightingInvariance;
import io.stylesync.inference.analyze.NoFaceFoundException;
import io.stylesync.inference.analyze.colour.LightingCorrection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code make bench-analyze}: latency of one {@link ColourAnalyzer#analyze} call (single request, no HTTP) on the
 * portraits and annotated photos of {@code ../shared/datasets/faces}: decode separately, then detect + skin +
 * colours; median of {@code bench.reps} runs after two warm-up passes. Then the lighting evaluation
 * ({@link LightingInvariance}); the last line is {@code analyze_invariance_category=<share>}.
 */
public final class AnalyzeBenchmark {

    public static void main(String[] args) throws Exception {
        int reps = Integer.getInteger("bench.reps", 5);
        ColourAnalyzer analyzer = AnalyzeBenchmarkAccess.defaultAnalyzer();
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        Path faces = SharedData.root().resolve("datasets/faces");
        List<Path> photos;
        try (Stream<Path> a = Files.list(faces.resolve("portraits"));
                Stream<Path> b = Files.list(faces.resolve("annotated"))) {
            photos = Stream.concat(a, b)
                    .filter(p -> !p.toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        }
        System.out.println("load average (1, 5, 15 min) at the start: " + loadAverage());
        System.out.printf(
                "analyze benchmark: %d photos, %d reps, %d cores, OpenCV threads %d%n",
                photos.size(),
                reps,
                Runtime.getRuntime().availableProcessors(),
                org.bytedeco.opencv.global.opencv_core.getNumThreads());
        List<Double> medians = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (Path p : reps == 0 ? List.<Path>of() : photos) {
            byte[] bytes = Files.readAllBytes(p);
            double[] decodeMs = new double[reps];
            double[] analyzeMs = new double[reps];
            double[] cpuMs = new double[reps];
            RgbImage image = decoder.decode(bytes);
            String outcome = "";
            for (int warm = 0; warm < 2; warm++) {
                outcome = run(analyzer, image);
            }
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                image = decoder.decode(bytes);
                long t1 = System.nanoTime();
                long c1 = os.getProcessCpuTime();
                run(analyzer, image);
                long t2 = System.nanoTime();
                cpuMs[r] = (os.getProcessCpuTime() - c1) / 1e6;
                decodeMs[r] = (t1 - t0) / 1e6;
                analyzeMs[r] = (t2 - t1) / 1e6;
            }
            double analyze = median(analyzeMs);
            medians.add(median(decodeMs) + analyze);
            cpu.add(median(cpuMs));
            System.out.printf(
                    "  %-28s %5dx%-5d decode %7.1f ms  analyze %7.1f ms (CPU %7.1f ms)  %s%n",
                    p.getFileName(), image.width(), image.height(), median(decodeMs), analyze, median(cpuMs), outcome);
        }
        if (reps > 0) {
            latencySummary(reps, medians, cpu);
        }

        for (String method : System.getProperty("bench.illuminants", "").split(",")) {
            if (method.isBlank()) {
                continue;
            }
            long t0 = System.nanoTime();
            var illuminant = LightingCorrection.Method.valueOf(method.trim().toUpperCase(java.util.Locale.ROOT));
            System.out.println("illuminant estimate " + illuminant + " (not the default):");
            System.out.println(LightingInvariance.measure(AnalyzeBenchmarkAccess.analyzer(illuminant), photos)
                    .summary());
            System.out.printf("lighting evaluation took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        if (!Boolean.getBoolean("bench.skipKnownColours")) {
            long k0 = System.nanoTime();
            System.out.println(KnownColours.measure(analyzer).summary());
            System.out.printf("known-colour evaluation took %.1f s%n", (System.nanoTime() - k0) / 1e9);
        }
        long t0 = System.nanoTime();
        System.out.println("illuminant estimate " + AnalyzeProperties.defaults().illuminant() + " (the default):");
        LightingInvariance.Figures figures = LightingInvariance.measure(analyzer, photos);
        System.out.println(figures.summary());
        System.out.printf("lighting evaluation took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.printf(
                "analyze_invariance_face_found=%.3f%nanalyze_invariance_ita=%.3f%nanalyze_invariance_undertone=%.3f%n",
                figures.faceFoundShare(), figures.itaWithinShare(), figures.undertoneShare());
        System.out.printf("analyze_invariance_category=%.3f%n", figures.categoryShare());
    }

    private static void latencySummary(int reps, List<Double> medians, List<Double> cpu) {
        double[] all = medians.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage()
                + " (over the core count, other processes shared the CPU and the figures are pessimistic)");
        System.out.printf(
                "analyze latency per image (decode + analyze, median of %d reps): mean %.1f ms, median %.1f ms, "
                        + "max %.1f ms over %d photos%n",
                reps,
                Arrays.stream(all).average().orElse(0),
                median(all),
                Arrays.stream(all).max().orElse(0),
                all.length);
        double[] cpuAll = cpu.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(
                "analyze CPU time per image (all threads of the process, decode excluded; does not grow with "
                        + "other processes' load): mean %.1f ms, median %.1f ms%n",
                Arrays.stream(cpuAll).average().orElse(0), median(cpuAll));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String run(ColourAnalyzer analyzer, RgbImage image) {
        try {
            ColourAnalysis a = analyzer.analyze(image);
            return a.skinTone().category() + ", " + a.undertone().label() + ", " + a.season();
        } catch (NoFaceFoundException e) {
            return "no face";
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
