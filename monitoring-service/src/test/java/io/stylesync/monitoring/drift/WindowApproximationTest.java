package io.stylesync.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.features.ImageFeature;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures the window's approximations against exact computations on the raw values (done here, in the test):
 * the KS statistic from reference-anchored cells is exact when every reference value is an edge, and the
 * Wasserstein distance is within 5% (exact where no cell holds a crossing of the two CDFs; the worst case
 * measured, 3.7%, is a skewed reference whose sparse tail leaves wide cells); the contract's 50 fixed bins alone would not do (shown for
 * {@code file_size_kb}, whose photos all fall in the first bin).
 */
class WindowApproximationTest {

    @ParameterizedTest(name = "{0}, reference {1}, current {2}")
    @CsvSource({
        "normal, 800, 5000",
        "lognormal, 1000, 4000",
        "lognormal, 1001, 4000",
        "lognormal, 5000, 5000",
        "shifted, 5000, 5000",
        "file_size, 5000, 5000",
        "file_size, 900, 3000"
    })
    void cellsGiveKsExactlyAndWassersteinWithinFivePercent(String shape, int n, int m) {
        SplittableRandom r = new SplittableRandom(n * 31L + m);
        double[] ref = draw(shape, r, n, false);
        double[] cur = draw(shape, r, m, true);
        NumericColumn column = NumericColumn.of(
                "x",
                DriftKind.IMAGE,
                ref,
                NumericColumn.DEFAULT_MAX_EDGES,
                ImageFeature.FILE_SIZE_KB.rangeMin(),
                ImageFeature.FILE_SIZE_KB.rangeMax(),
                null);
        DriftWindow window =
                new DriftWindow(List.of(column), List.of(), DriftWindow.Policy.count(4, m / 4 + 1), () -> 0L);
        for (double v : cur) {
            window.add(new double[] {v}, new String[0]);
        }
        ColumnCounts.Numeric counts = window.snapshot().numeric(0);

        double exactW = exactWasserstein(ref, cur);
        double cellW = DriftCalculator.wasserstein(column, counts);
        System.out.printf(
                "%s n=%d m=%d: W exact %.6f cells %.6f (%.3f%%)%n",
                shape, n, m, exactW, cellW, 100 * Math.abs(cellW - exactW) / exactW);
        assertThat(cellW).isCloseTo(exactW, Offset.offset(0.05 * exactW));
        if (column.exactCells()) {
            assertThat(DriftCalculator.ksStatistic(column, counts)).isCloseTo(exactKs(ref, cur), Offset.offset(1e-12));
        }
        if (shape.equals("file_size")) {
            // the 50-bin contract histogram over [0, 2048] KiB: every value in bin 0, so no test could see a shift
            long[] display = counts.display();
            assertThat(display[0]).isEqualTo(m);
            assertThat(exactKs(ref, cur)).isGreaterThan(0.1);
        }
    }

    @org.junit.jupiter.api.Test
    void theLookupGridFindsTheSameCellAsABinarySearch() {
        SplittableRandom r = new SplittableRandom(5);
        double[] ref = new double[3000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i == 0 ? 5000 : Math.round(20 + 5 * r.nextGaussian() * 100) / 100.0; // one far outlier, many ties
        }
        NumericColumn column = NumericColumn.of("x", DriftKind.IMAGE, ref, NumericColumn.DEFAULT_MAX_EDGES);
        double[] edges = column.edges();
        for (int i = 0; i < 200_000; i++) {
            double v = i % 3 == 0 ? ref[r.nextInt(ref.length)] : -10 + r.nextDouble() * 60 + (i % 1000 == 0 ? 6000 : 0);
            int pos = Arrays.binarySearch(edges, v);
            assertThat(column.cell(v)).as("cell of %s", v).isEqualTo(pos >= 0 ? 2 * pos + 1 : 2 * (-pos - 1));
        }
    }

    private static double[] draw(String shape, SplittableRandom r, int count, boolean current) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = switch (shape) {
                case "normal" -> r.nextGaussian();
                case "lognormal" -> Math.exp(r.nextGaussian());
                case "shifted" -> r.nextGaussian() + (current ? 0.3 : 0);
                case "file_size" -> Math.max(2, 14 + 4 * r.nextGaussian() + (current ? 2 : 0));
                default -> throw new IllegalArgumentException(shape);
            };
        }
        return v;
    }

    /** The integral of |F - G| over the merged sorted values. */
    static double exactWasserstein(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        double total = 0;
        int i = 0;
        int j = 0;
        for (int k = 0; k + 1 < all.length; k++) {
            while (i < x.length && x[i] <= all[k]) {
                i++;
            }
            while (j < y.length && y[j] <= all[k]) {
                j++;
            }
            total += Math.abs((double) i / x.length - (double) j / y.length) * (all[k + 1] - all[k]);
        }
        return total;
    }

    static double exactKs(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double d = 0;
        int i = 0;
        int j = 0;
        while (i < x.length || j < y.length) {
            double v = Math.min(
                    i < x.length ? x[i] : Double.POSITIVE_INFINITY, j < y.length ? y[j] : Double.POSITIVE_INFINITY);
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }
}
