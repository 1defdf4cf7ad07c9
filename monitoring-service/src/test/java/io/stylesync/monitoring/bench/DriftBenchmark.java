package io.stylesync.monitoring.bench;

import io.stylesync.monitoring.drift.CategoricalColumn;
import io.stylesync.monitoring.drift.ColumnDrift;
import io.stylesync.monitoring.drift.DriftCalculator;
import io.stylesync.monitoring.drift.DriftKind;
import io.stylesync.monitoring.drift.DriftReport;
import io.stylesync.monitoring.drift.DriftThresholds;
import io.stylesync.monitoring.drift.DriftWindow;
import io.stylesync.monitoring.drift.NumericColumn;
import io.stylesync.monitoring.support.EvidentlyRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * {@code make bench-drift}: drift of 1,000,000 events x 20 features (16 numeric, 4 categorical, half of them
 * shifted) against a 5,000-row reference (the bundle's sample size), computed by this service's window and
 * tests and by Evidently on the same values (written as CSV) in the same run. This side: every event into the
 * window (one window holding all of them) and every column's test, best of 3. Evidently's side: its column
 * drift report on the loaded DataFrames (CSV parsing timed separately, not counted). Last line:
 * {@code drift_speedup_vs_evidently=<ratio>}.
 */
public final class DriftBenchmark {

    private static final int NUMERIC = 16;
    private static final int CATEGORICAL = 4;

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int referenceRows = Integer.getInteger("bench.reference", 5_000);
        int reps = Integer.getInteger("bench.reps", 3);
        Path dir = Files.createDirectories(
                Path.of(System.getProperty("bench.dir", "monitoring-service/target/bench-drift")));
        System.out.printf(
                Locale.ROOT,
                "bench-drift: %,d events x %d features (%d numeric, %d categorical) vs %,d reference rows; %d cores%n",
                events,
                NUMERIC + CATEGORICAL,
                NUMERIC,
                CATEGORICAL,
                referenceRows,
                Runtime.getRuntime().availableProcessors());

        SplittableRandom random = new SplittableRandom(42);
        double[][] refNum = new double[NUMERIC][referenceRows];
        double[][] curNum = new double[NUMERIC][events];
        String[][] refCat = new String[CATEGORICAL][referenceRows];
        String[][] curCat = new String[CATEGORICAL][events];
        for (int f = 0; f < NUMERIC; f++) {
            for (int i = 0; i < referenceRows; i++) {
                refNum[f][i] = numeric(f, random, false);
            }
            for (int i = 0; i < events; i++) {
                curNum[f][i] = numeric(f, random, true);
            }
        }
        for (int f = 0; f < CATEGORICAL; f++) {
            for (int i = 0; i < referenceRows; i++) {
                refCat[f][i] = category(f, random, false);
            }
            for (int i = 0; i < events; i++) {
                curCat[f][i] = category(f, random, true);
            }
        }
        List<String> names = new ArrayList<>();
        for (int f = 0; f < NUMERIC; f++) {
            names.add("num_" + f);
        }
        for (int f = 0; f < CATEGORICAL; f++) {
            names.add("cat_" + f);
        }

        long t0 = System.nanoTime();
        if (!Boolean.getBoolean("bench.skipEvidently")) {
            writeCsv(dir.resolve("reference.csv"), names, refNum, refCat, referenceRows);
            writeCsv(dir.resolve("current.csv"), names, curNum, curCat, events);
            EvidentlyRunner.writeColumnsJson(dir, names.subList(0, NUMERIC), names.subList(NUMERIC, names.size()));
            System.out.printf(
                    Locale.ROOT,
                    "wrote the data as CSV for Evidently in %.1f s (%d MB)%n",
                    (System.nanoTime() - t0) / 1e9,
                    (Files.size(dir.resolve("current.csv")) + Files.size(dir.resolve("reference.csv"))) >> 20);
        }

        DriftReport report = null;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            long start = System.nanoTime();
            report = run(refNum, curNum, refCat, curCat, events, names, true);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            System.out.printf(
                    Locale.ROOT,
                    "stylesync run %d: %.3f s (%,.0f events/s), columns in parallel on %d cores%n",
                    rep + 1,
                    seconds,
                    events / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
        long one = System.nanoTime();
        run(refNum, curNum, refCat, curCat, events, names, false);
        double sequential = (System.nanoTime() - one) / 1e9;
        System.out.printf(
                Locale.ROOT, "stylesync on one core: %.3f s (%,.0f events/s)%n", sequential, events / sequential);

        if (Boolean.getBoolean("bench.skipEvidently")) { // for tuning this side alone
            return;
        }
        JsonNode evidently = EvidentlyRunner.fromSystemProperties().run(dir);
        double evidentlySeconds = evidently.get("report_seconds").asDouble();
        System.out.printf(
                Locale.ROOT,
                "evidently %s: report %.2f s (+ %.2f s reading the CSV, not counted)%n",
                evidently.get("evidently").asString(),
                evidentlySeconds,
                evidently.get("load_seconds").asDouble());

        int agree = 0;
        for (ColumnDrift c : report.columns()) {
            JsonNode e = evidently.get("columns").get(c.feature());
            boolean same = c.test().equals(e.get("test").asString())
                    && c.drifted() == e.get("drifted").asBoolean();
            agree += same ? 1 : 0;
            System.out.printf(
                    Locale.ROOT,
                    "  %-6s %-13s stylesync %.6f %-5s evidently %.6f %-5s%s%n",
                    c.feature(),
                    c.test(),
                    c.score(),
                    c.drifted(),
                    e.get("score").asDouble(),
                    e.get("drifted").asBoolean(),
                    same ? "" : "  DIFFERENT");
        }
        System.out.printf(
                Locale.ROOT,
                "same test and flag on %d of %d columns; drifted share %.2f (evidently %.2f)%n",
                agree,
                report.columns().size(),
                report.driftedShare(),
                evidently.get("share").asDouble());
        System.out.printf(
                Locale.ROOT,
                "stylesync %.3f s (best of %d; one core %.3f s, %.1fx), evidently %.2f s%n",
                best,
                reps,
                sequential,
                evidentlySeconds / sequential,
                evidentlySeconds);
        System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores: other processes share them, timings are noisy");
        System.out.printf(Locale.ROOT, "drift_speedup_vs_evidently=%.1f%n", evidentlySeconds / best);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Every event through the window, then every column's test: what the service does per window. */
    private static DriftReport run(
            double[][] refNum,
            double[][] curNum,
            String[][] refCat,
            String[][] curCat,
            int events,
            List<String> names,
            boolean parallel) {
        List<NumericColumn> numeric = new ArrayList<>();
        for (int f = 0; f < NUMERIC; f++) {
            numeric.add(NumericColumn.of(names.get(f), DriftKind.IMAGE, refNum[f], NumericColumn.DEFAULT_MAX_EDGES));
        }
        List<CategoricalColumn> categorical = new ArrayList<>();
        for (int f = 0; f < CATEGORICAL; f++) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String v : refCat[f]) {
                counts.merge(v, 1L, Long::sum);
            }
            categorical.add(CategoricalColumn.of(names.get(NUMERIC + f), DriftKind.IMAGE, counts));
        }
        DriftWindow.Policy policy = DriftWindow.Policy.count(10, events / 10 + 1);
        DriftWindow window = new DriftWindow(numeric, categorical, parallel ? policy : policy.sequential(), () -> 0L);
        // in batches of 1,000 events, column by column, as POST /api/v1/events hands them to the window
        int batch = 1000;
        double[][] values = new double[NUMERIC][batch];
        String[][] labels = new String[CATEGORICAL][batch];
        for (int from = 0; from < events; from += batch) {
            int rows = Math.min(batch, events - from);
            for (int f = 0; f < NUMERIC; f++) {
                System.arraycopy(curNum[f], from, values[f], 0, rows);
            }
            for (int f = 0; f < CATEGORICAL; f++) {
                System.arraycopy(curCat[f], from, labels[f], 0, rows);
            }
            window.addBatch(values, labels, rows);
        }
        DriftWindow.Snapshot s = window.snapshot();
        List<ColumnDrift> columns = new ArrayList<>();
        for (int f = 0; f < NUMERIC; f++) {
            columns.add(DriftCalculator.numeric(numeric.get(f), s.numeric(f), DriftThresholds.EVIDENTLY));
        }
        for (int f = 0; f < CATEGORICAL; f++) {
            columns.add(DriftCalculator.categorical(
                    categorical.get(f),
                    s.categorical(NUMERIC, f),
                    s.categories().get(f),
                    DriftThresholds.EVIDENTLY));
        }
        return DriftCalculator.report(
                "bench", "1", "generated", s.events(), columns, DriftThresholds.EVIDENTLY, List.of());
    }

    /** Shapes like the image features (bounded, skewed, discrete); odd columns shifted in the current data. Float precision, as CSV keeps it. */
    private static double numeric(int f, SplittableRandom r, boolean current) {
        double shift = current && f % 2 == 1 ? 1 : 0;
        double v = switch (f % 4) {
            case 0 -> 150 + 40 * r.nextGaussian() + 15 * shift;
            case 1 -> Math.exp(0.5 * r.nextGaussian() + 0.2 * shift);
            case 2 -> r.nextDouble() * (1 + 0.2 * shift);
            default -> 10 * Math.floor(36 * Math.pow(r.nextDouble(), 1 + shift)) + 5;
        };
        return Double.parseDouble(Float.toString((float) v)); // the value pandas reads back from the CSV
    }

    private static String category(int f, SplittableRandom r, boolean current) {
        int k = 4 + 4 * f;
        double u = r.nextDouble();
        if (current && f % 2 == 1) {
            u = u * u;
        }
        return "class_" + (int) (u * k);
    }

    private static void writeCsv(Path file, List<String> names, double[][] num, String[][] cat, int rows)
            throws Exception {
        try (var out = new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(Files.newOutputStream(file), java.nio.charset.StandardCharsets.UTF_8),
                1 << 20)) {
            out.write(String.join(",", names));
            out.write('\n');
            for (int i = 0; i < rows; i++) {
                for (int f = 0; f < num.length; f++) {
                    out.write(Double.toString(num[f][i]));
                    out.write(',');
                }
                for (int f = 0; f < cat.length; f++) {
                    out.write(cat[f][i]);
                    out.write(f + 1 < cat.length ? ',' : '\n');
                }
            }
        }
    }
}
