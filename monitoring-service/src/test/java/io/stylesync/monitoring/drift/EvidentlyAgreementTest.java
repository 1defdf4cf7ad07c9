package io.stylesync.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.SlowTest;
import io.stylesync.monitoring.support.EvidentlyRunner;
import io.stylesync.monitoring.support.EvidentlyRunner.Column;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The judge of the drift tests: the same generated data, without and with shift, through this service's window
 * and tests and through Evidently 0.7.23 (PyPI, {@code tools/evidently_drift.py}, run here as a subprocess):
 * the same test chosen per column, the same drift flags, the same share of drifted columns and dataset flag,
 * and scores within the tolerances below. p-values (KS, chi-squared, z) and the Jensen-Shannon distance are
 * exact here, so they must agree to 1e-9; the Wasserstein distance models the values inside a reference
 * cell from their count, mean and variance, so within 5% (or 0.002; measured up to 5.5% of 0.034 = 0.0019,
 * see {@link WindowApproximationTest}); PSI (reported, not a test) bins the current side
 * from the cells rather than from raw values, and its extreme bins hold a handful of values each (an empty
 * reference bin counts as 0.0001), so within 25% (or 0.02); measured up to 17% on these data.
 *
 * <p>Designs that differ on purpose: Evidently bins PSI and its plots on reference and current together, and
 * reads the whole current data; this service keeps counts in cells anchored on the reference (constant memory
 * whatever the window), so its PSI bins come from the window's exact min and max but spread each cell's count
 * evenly over the cell.
 */
@SlowTest("runs Evidently in its Python venv (make deps-evidently)")
class EvidentlyAgreementTest {

    private static EvidentlyRunner evidently;

    @BeforeAll
    static void venv() {
        evidently = EvidentlyRunner.fromSystemProperties();
    }

    @ParameterizedTest(name = "reference {0} rows, current {1}, seed {2}")
    @CsvSource({"800, 3000, 11", "800, 800, 12", "5000, 4000, 13", "1000, 2500, 14", "1001, 2500, 15"})
    void choosesTheSameTestsAndFlagsAsEvidently(
            int referenceRows, int currentRows, long seed, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<Column> columns = scenario(random, referenceRows, currentRows);
        evidently.write(dir, columns);
        JsonNode summary = evidently.run(dir, "--psi");
        JsonNode expected = summary.get("columns");

        List<NumericColumn> numeric = new ArrayList<>();
        List<CategoricalColumn> categorical = new ArrayList<>();
        List<Column> numericData = new ArrayList<>();
        List<Column> categoricalData = new ArrayList<>();
        for (Column c : columns) {
            if (c.categorical()) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Object v : c.reference()) {
                    counts.merge((String) v, 1L, Long::sum);
                }
                categorical.add(CategoricalColumn.of(c.name(), DriftKind.IMAGE, counts));
                categoricalData.add(c);
            } else {
                double[] sample = java.util.Arrays.stream(c.reference())
                        .mapToDouble(v -> (Double) v)
                        .toArray();
                numeric.add(NumericColumn.of(c.name(), DriftKind.IMAGE, sample, NumericColumn.DEFAULT_MAX_EDGES));
                numericData.add(c);
            }
        }
        DriftWindow window =
                new DriftWindow(numeric, categorical, DriftWindow.Policy.count(10, currentRows / 10 + 1), () -> 0L);
        for (int r = 0; r < currentRows; r++) {
            double[] values = new double[numeric.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (Double) numericData.get(i).current()[r];
            }
            String[] labels = new String[categorical.size()];
            for (int j = 0; j < labels.length; j++) {
                labels[j] = (String) categoricalData.get(j).current()[r];
            }
            window.add(values, labels);
        }
        DriftWindow.Snapshot s = window.snapshot();
        assertThat(s.events()).isEqualTo(currentRows);
        List<ColumnDrift> ours = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            ours.add(DriftCalculator.numeric(numeric.get(i), s.numeric(i), DriftThresholds.EVIDENTLY));
        }
        for (int j = 0; j < categorical.size(); j++) {
            ours.add(DriftCalculator.categorical(
                    categorical.get(j),
                    s.categorical(numeric.size(), j),
                    s.categories().get(j),
                    DriftThresholds.EVIDENTLY));
        }

        int driftedHere = 0;
        StringBuilder table = new StringBuilder();
        for (ColumnDrift c : ours) {
            JsonNode e = expected.get(c.feature());
            table.append(String.format(
                    java.util.Locale.ROOT,
                    "%-14s %-13s %-13s %12.6g %12.6g %6s %6s  psi %9.5f %9.5f%n",
                    c.feature(),
                    c.test(),
                    e.get("test").asString(),
                    c.score(),
                    e.get("score").asDouble(),
                    c.drifted(),
                    e.get("drifted").asBoolean(),
                    c.psi(),
                    e.get("psi").asDouble()));
            driftedHere += c.drifted() ? 1 : 0;
        }
        System.out.println("reference " + referenceRows + ", current " + currentRows + "\n" + table);
        for (ColumnDrift c : ours) {
            JsonNode e = expected.get(c.feature());
            String where = c.feature() + "\n" + table;
            assertThat(c.test()).as("test of " + where).isEqualTo(e.get("test").asString());
            assertThat(c.threshold())
                    .as("threshold of " + where)
                    .isEqualTo(e.get("threshold").asDouble());
            assertThat(c.drifted())
                    .as("drift flag of " + where)
                    .isEqualTo(e.get("drifted").asBoolean());
            double want = e.get("score").asDouble();
            double tolerance = c.test().equals("wasserstein") ? Math.max(0.002, 0.05 * Math.abs(want)) : 1e-9;
            assertThat(c.score())
                    .as("score of " + where)
                    .isCloseTo(want, org.assertj.core.data.Offset.offset(tolerance));
            double psi = e.get("psi").asDouble();
            assertThat(c.psi())
                    .as("psi of " + where)
                    .isCloseTo(psi, org.assertj.core.data.Offset.offset(Math.max(0.02, 0.25 * psi)));
        }
        DriftReport report =
                DriftCalculator.report("m", "1", "test", currentRows, ours, DriftThresholds.EVIDENTLY, List.of());
        assertThat(report.driftedInputColumns())
                .isEqualTo(summary.get("drifted_columns").asInt())
                .isEqualTo(driftedHere);
        assertThat(report.driftedShare())
                .isCloseTo(summary.get("share").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(report.datasetDrift()).isEqualTo(summary.get("dataset_drift").asBoolean());
    }

    /** Columns of several shapes, each once without and once with a shift. */
    private static List<Column> scenario(SplittableRandom r, int n, int m) {
        List<Column> c = new ArrayList<>();
        c.add(numeric("normal", n, m, () -> r.nextGaussian(), () -> r.nextGaussian()));
        c.add(numeric("normal_shift", n, m, () -> r.nextGaussian(), () -> r.nextGaussian() + 0.25));
        c.add(numeric("lognormal", n, m, () -> Math.exp(r.nextGaussian()), () -> Math.exp(r.nextGaussian())));
        c.add(numeric(
                "lognormal_scale", n, m, () -> Math.exp(r.nextGaussian()), () -> 1.3 * Math.exp(r.nextGaussian())));
        c.add(numeric(
                "brightness",
                n,
                m,
                () -> clamp(170 + 35 * r.nextGaussian(), 0, 255),
                () -> clamp(150 + 45 * r.nextGaussian(), 0, 255)));
        c.add(numeric("ties", n, m, () -> (double) Math.round(3 * r.nextGaussian()), () ->
                (double) Math.round(3 * r.nextGaussian())));
        c.add(numeric("ties_wide", n, m, () -> (double) Math.round(3 * r.nextGaussian()), () ->
                (double) Math.round(4 * r.nextGaussian())));
        c.add(numeric("outside", n, m, () -> r.nextDouble(), () -> r.nextDouble() * 1.2 - 0.1));
        c.add(numeric("three_values", n, m, () -> (double) r.nextInt(3), () -> (double) r.nextInt(3)));
        c.add(numeric(
                "three_skewed",
                n,
                m,
                () -> (double) r.nextInt(3),
                () -> r.nextDouble() < 0.5 ? 0.0 : (double) r.nextInt(3)));
        c.add(numeric("binary", n, m, () -> r.nextDouble() < 0.3 ? 1.0 : 0.0, () -> r.nextDouble() < 0.32 ? 1.0 : 0.0));
        c.add(numeric(
                "binary_shift", n, m, () -> r.nextDouble() < 0.3 ? 1.0 : 0.0, () -> r.nextDouble() < 0.5 ? 1.0 : 0.0));
        c.add(numeric("constant", n, m, () -> 1.0, () -> 1.0));
        c.add(categorical("label", n, m, () -> "c" + r.nextInt(5), () -> "c" + r.nextInt(5)));
        c.add(categorical(
                "label_shift",
                n,
                m,
                () -> "c" + r.nextInt(5),
                () -> "c" + Math.min(4, (int) (5 * r.nextDouble() * r.nextDouble() * 1.6))));
        c.add(categorical("label_new", n, m, () -> "c" + r.nextInt(4), () -> "c" + r.nextInt(5)));
        c.add(categorical(
                "yes_no", n, m, () -> r.nextDouble() < 0.6 ? "yes" : "no", () -> r.nextDouble() < 0.6 ? "yes" : "no"));
        return c;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static Column numeric(String name, int n, int m, DoubleSupplier ref, DoubleSupplier cur) {
        Object[] a = new Object[n];
        Object[] b = new Object[m];
        for (int i = 0; i < n; i++) {
            a[i] = ref.getAsDouble();
        }
        for (int i = 0; i < m; i++) {
            b[i] = cur.getAsDouble();
        }
        return new Column(name, false, a, b);
    }

    private static Column categorical(
            String name,
            int n,
            int m,
            java.util.function.Supplier<String> ref,
            java.util.function.Supplier<String> cur) {
        Object[] a = new Object[n];
        Object[] b = new Object[m];
        for (int i = 0; i < n; i++) {
            a[i] = ref.get();
        }
        for (int i = 0; i < m; i++) {
            b[i] = cur.get();
        }
        return new Column(name, true, a, b);
    }
}
