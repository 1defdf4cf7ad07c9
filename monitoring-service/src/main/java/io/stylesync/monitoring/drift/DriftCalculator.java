package io.stylesync.monitoring.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Chooses and runs each column's test the way Evidently's defaults do (0.7.23,
 * {@code legacy/calculations/stattests/registry.py::_get_default_stattest}): with n = distinct values of
 * reference and current together,
 * <ul>
 * <li>reference of at most 1,000 rows: numeric with n > 5 → two-sample KS ({@code ks_2samp}, drift at
 * p ≤ 0.05); categorical, or numeric with n ≤ 5 → chi-squared ({@code chisquare} of current counts against
 * reference counts scaled to the current size, drift at p &lt; 0.05) when n > 2, else the two-proportion
 * z-test (drift at p &lt; 0.05);</li>
 * <li>more than 1,000 rows: numeric with n > 5 → Wasserstein distance divided by
 * max(std(reference), 0.001) (numpy's population std), drift at ≥ 0.1; otherwise Jensen-Shannon distance
 * (scipy, natural log) of the category frequencies, drift at ≥ 0.1.</li>
 * </ul>
 * PSI follows {@code stattests/psi.py}: Sturges equal-width bins over reference and current together for a
 * numeric column with more than 20 distinct reference values, else category frequencies; empty bins get
 * 0.0001 (or 1e-6 of the smallest share). Differences on purpose: the current side comes from the window's
 * cells (see {@link NumericColumn}), so Wasserstein and PSI treat values as spread evenly within a cell; PSI's
 * bins therefore use the window's exact minimum and maximum but approximate counts.
 */
public final class DriftCalculator {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private DriftCalculator() {}

    public static ColumnDrift numeric(NumericColumn column, ColumnCounts.Numeric current, DriftThresholds t) {
        long m = current.n;
        long[] refDisplay = column.referenceDisplay();
        ColumnDrift.Histogram histogram = new ColumnDrift.Histogram(
                column.displayMin(), column.displayMax(), null, fractions(refDisplay), fractions(current.display));
        if (m == 0) {
            return new ColumnDrift(
                    column.name(),
                    column.kind().wireName(),
                    DriftTest.NONE.wireName(),
                    Double.NaN,
                    Double.NaN,
                    null,
                    Double.NaN,
                    false,
                    Double.NaN,
                    column.referenceRows(),
                    0,
                    histogram);
        }
        int n = column.referenceRows();
        Map<Double, long[]> values = fewValues(column, current);
        double psi = psiNumeric(column, current, values);
        if (values != null && values.size() <= 5) {
            long[] ref = new long[values.size()];
            long[] cur = new long[values.size()];
            int i = 0;
            for (long[] rc : values.values()) {
                ref[i] = rc[0];
                cur[i++] = rc[1];
            }
            List<String> sortedKeys =
                    values.keySet().stream().map(String::valueOf).toList();
            return categoricalTest(
                    column.name(), column.kind(), ref, cur, values.size(), n, t, psi, histogram, true, sortedKeys);
        }
        if (n <= t.smallReferenceRows()) {
            double d = ksStatistic(column, current);
            double p = KolmogorovSmirnov.pValue(d, n, m);
            return new ColumnDrift(
                    column.name(),
                    column.kind().wireName(),
                    DriftTest.KS.wireName(),
                    p,
                    d,
                    p,
                    t.pValue(),
                    p <= t.pValue(),
                    psi,
                    n,
                    m,
                    histogram);
        }
        double w = wasserstein(column, current) / Math.max(column.std(), 0.001);
        return new ColumnDrift(
                column.name(),
                column.kind().wireName(),
                DriftTest.WASSERSTEIN.wireName(),
                w,
                w,
                null,
                t.distance(),
                w >= t.distance(),
                psi,
                n,
                m,
                histogram);
    }

    public static ColumnDrift categorical(
            CategoricalColumn column, ColumnCounts.Categorical current, List<String> categories, DriftThresholds t) {
        Map<String, long[]> keys = new LinkedHashMap<>();
        for (int i = 0; i < column.categories().size(); i++) {
            keys.computeIfAbsent(column.categories().get(i), k -> new long[2])[0] += column.counts()[i];
        }
        for (int i = 0; i < categories.size(); i++) {
            long c = current.count(i);
            if (c > 0) {
                keys.computeIfAbsent(categories.get(i), k -> new long[2])[1] += c;
            }
        }
        List<String> labels = new ArrayList<>(keys.keySet());
        long[] ref = new long[labels.size()];
        long[] cur = new long[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            ref[i] = keys.get(labels.get(i))[0];
            cur[i] = keys.get(labels.get(i))[1];
        }
        ColumnDrift.Histogram histogram =
                new ColumnDrift.Histogram(Double.NaN, Double.NaN, List.copyOf(labels), fractions(ref), fractions(cur));
        int n = column.referenceRows();
        if (current.n == 0) {
            return new ColumnDrift(
                    column.name(),
                    column.kind().wireName(),
                    DriftTest.NONE.wireName(),
                    Double.NaN,
                    Double.NaN,
                    null,
                    Double.NaN,
                    false,
                    Double.NaN,
                    n,
                    0,
                    histogram);
        }
        double psi = psi(percents(ref, true), percents(cur, true));
        List<String> sorted = new ArrayList<>(labels);
        sorted.sort(null);
        return categoricalTest(
                column.name(), column.kind(), ref, cur, labels.size(), n, t, psi, histogram, false, sorted);
    }

    private static ColumnDrift categoricalTest(
            String name,
            DriftKind kind,
            long[] ref,
            long[] cur,
            int nValues,
            int n,
            DriftThresholds t,
            double psi,
            ColumnDrift.Histogram histogram,
            boolean keysAlreadySorted,
            List<String> sortedKeys) {
        long m = Arrays.stream(cur).sum();
        if (n > t.smallReferenceRows()) {
            double js = jensenShannon(ref, cur);
            return new ColumnDrift(
                    name,
                    kind.wireName(),
                    DriftTest.JENSENSHANNON.wireName(),
                    js,
                    js,
                    null,
                    t.distance(),
                    js >= t.distance(),
                    psi,
                    n,
                    m,
                    histogram);
        }
        if (nValues > 2) {
            double[] chi = chiSquare(ref, cur);
            return new ColumnDrift(
                    name,
                    kind.wireName(),
                    DriftTest.CHISQUARE.wireName(),
                    chi[1],
                    chi[0],
                    chi[1],
                    t.pValue(),
                    chi[1] < t.pValue(),
                    psi,
                    n,
                    m,
                    histogram);
        }
        double[] z = zTest(ref, cur, keysAlreadySorted ? 0 : firstSortedIndex(histogram.labels(), sortedKeys));
        return new ColumnDrift(
                name,
                kind.wireName(),
                DriftTest.Z.wireName(),
                z[1],
                z[0],
                z[1],
                t.pValue(),
                z[1] < t.pValue(),
                psi,
                n,
                m,
                histogram);
    }

    private static int firstSortedIndex(List<String> labels, List<String> sortedKeys) {
        return labels.indexOf(sortedKeys.get(0));
    }

    /**
     * Distinct values of reference and current together with their counts, sorted, when there are at most
     * five; null when there are more (or the window saw too many to tell).
     */
    static Map<Double, long[]> fewValues(NumericColumn column, ColumnCounts.Numeric current) {
        if (!column.tracksDistinctValues() || current.distinct == null || current.distinct.overflow()) {
            return null;
        }
        Map<Double, long[]> values = new TreeMap<>();
        for (int i = 0; i < column.distinct().length; i++) {
            values.computeIfAbsent(column.distinct()[i], k -> new long[2])[0] += column.distinctCounts()[i];
        }
        for (int i = 0; i < current.distinct.size(); i++) {
            values.computeIfAbsent(current.distinct.value(i), k -> new long[2])[1] += current.distinct.count(i);
        }
        return values.size() <= 5 ? values : null;
    }

    /** sup |F_ref - F_cur|, exact when every distinct reference value is a cell edge. */
    static double ksStatistic(NumericColumn column, ColumnCounts.Numeric current) {
        double[] cdf = column.cdf();
        int[] edgeIndex = column.edgeIndex();
        double m = current.n;
        long c = 0;
        double d = 0;
        double refBefore = 0;
        for (int i = 0; i < edgeIndex.length; i++) {
            long gap = current.cells[2 * i];
            if (gap > 0) {
                c += gap;
                d = Math.max(d, Math.abs(refBefore - c / m));
            }
            c += current.cells[2 * i + 1];
            refBefore = cdf[edgeIndex[i]];
            d = Math.max(d, Math.abs(refBefore - c / m));
        }
        return d;
    }

    /**
     * The first Wasserstein distance, the integral of |F_ref - F_cur|: exact below the reference minimum and
     * above its maximum (from the cells' sums); inside a cell F_ref is the reference's own step function and
     * F_cur the cell's values spread as {@link ColumnCounts.Numeric#spread} says (exact for a single value).
     */
    static double wasserstein(NumericColumn column, ColumnCounts.Numeric current) {
        double[] e = column.edges();
        int[] edgeIndex = column.edgeIndex();
        double[] distinct = column.distinct();
        double[] cdf = column.cdf();
        long[] cells = current.cells;
        double m = current.n;
        int k = e.length;
        double total = (cells[0] * e[0] - current.sums[0]) / m;
        total += (current.sums[2 * k] - cells[2 * k] * e[k - 1]) / m;
        double c = cells[0] + cells[1];
        double[] points = new double[16];
        for (int i = 1; i < k; i++) {
            long gap = cells[2 * i];
            double base = c / m;
            if (gap == 0) {
                for (int j = edgeIndex[i - 1]; j < edgeIndex[i]; j++) {
                    total += (distinct[j + 1] - distinct[j]) * Math.abs(cdf[j] - base);
                }
            } else {
                double[] ab = current.spread(2 * i, e[i - 1], e[i]);
                double full = (c + gap) / m;
                boolean twoPoints = gap == 2; // mean +- std is exactly where two values are
                for (int j = edgeIndex[i - 1]; j < edgeIndex[i]; j++) {
                    double x0 = distinct[j];
                    double x1 = distinct[j + 1];
                    int np = 0;
                    points[np++] = x0;
                    if (ab[0] > x0 && ab[0] < x1) {
                        points[np++] = ab[0];
                    }
                    if (ab[1] > x0 && ab[1] < x1 && ab[1] != ab[0]) {
                        points[np++] = ab[1];
                    }
                    points[np++] = x1;
                    double r = cdf[j];
                    for (int p = 0; p + 1 < np; p++) {
                        double f0 =
                                twoPoints ? stepRight(points[p], ab, base, full) : fRight(points[p], ab, base, full);
                        double f1 = twoPoints
                                ? stepLeft(points[p + 1], ab, base, full)
                                : fLeft(points[p + 1], ab, base, full);
                        total += segment(r - f0, r - f1, points[p + 1] - points[p]);
                    }
                }
            }
            c += gap + cells[2 * i + 1];
        }
        return total;
    }

    private static double stepRight(double x, double[] ab, double base, double full) {
        return x < ab[0] ? base : x >= ab[1] ? full : (base + full) / 2;
    }

    private static double stepLeft(double x, double[] ab, double base, double full) {
        return x <= ab[0] ? base : x > ab[1] ? full : (base + full) / 2;
    }

    private static double fRight(double x, double[] ab, double base, double full) {
        return x < ab[0] ? base : x >= ab[1] ? full : base + (full - base) * (x - ab[0]) / (ab[1] - ab[0]);
    }

    private static double fLeft(double x, double[] ab, double base, double full) {
        return x <= ab[0] ? base : x > ab[1] ? full : base + (full - base) * (x - ab[0]) / (ab[1] - ab[0]);
    }

    /** Integral of |u| over a segment of the given width where u goes linearly from u0 to u1. */
    private static double segment(double u0, double u1, double width) {
        if (u0 * u1 >= 0) {
            return width * Math.abs(u0 + u1) / 2;
        }
        return width * (u0 * u0 + u1 * u1) / (2 * (Math.abs(u0) + Math.abs(u1)));
    }

    /** scipy {@code chisquare(f_obs=current, f_exp=reference * m / n)}: statistic and p-value (df = k - 1). */
    static double[] chiSquare(long[] ref, long[] cur) {
        double n = Arrays.stream(ref).sum();
        double m = Arrays.stream(cur).sum();
        double stat = 0;
        for (int i = 0; i < ref.length; i++) {
            double expected = ref[i] * m / n;
            double diff = cur[i] - expected;
            stat += expected == 0 ? (diff == 0 ? Double.NaN : Double.POSITIVE_INFINITY) : diff * diff / expected;
        }
        return new double[] {stat, chiSquaredSf(stat, ref.length - 1)};
    }

    /** scipy {@code chi2.sf}: NaN stays NaN (Commons would answer 1 for it). */
    private static double chiSquaredSf(double x, int df) {
        return Double.isNaN(x) ? Double.NaN : ChiSquaredDistribution.of(df).survivalProbability(x);
    }

    /**
     * Evidently's {@code z_stat_test}: the two-proportion z-test of "not the first category (in sorted order)";
     * p = 1 when both sides hold one and the same value.
     */
    static double[] zTest(long[] ref, long[] cur, int first) {
        int refValues = (int) Arrays.stream(ref).filter(x -> x > 0).count();
        int curValues = (int) Arrays.stream(cur).filter(x -> x > 0).count();
        if (refValues == 1 && curValues == 1) {
            for (int i = 0; i < ref.length; i++) {
                if (ref[i] > 0 && cur[i] > 0) {
                    return new double[] {0, 1};
                }
            }
        }
        double n1 = Arrays.stream(ref).sum();
        double n2 = Arrays.stream(cur).sum();
        double p1 = (n1 - ref[first]) / n1;
        double p2 = (n2 - cur[first]) / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        return new double[] {z, 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)))};
    }

    /** scipy {@code distance.jensenshannon(p, q)}: sqrt of the mean KL divergence to the midpoint, natural log. */
    static double jensenShannon(long[] ref, long[] cur) {
        double[] p = percents(ref, false);
        double[] q = percents(cur, false);
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double mid = (p[i] + q[i]) / 2;
            js += relEntr(p[i], mid) + relEntr(q[i], mid);
        }
        return Math.sqrt(Math.max(0, js / 2));
    }

    private static double relEntr(double x, double y) {
        return x > 0 && y > 0 ? x * Math.log(x / y) : 0;
    }

    static double psi(double[] ref, double[] cur) {
        double s = 0;
        for (int i = 0; i < ref.length; i++) {
            s += (ref[i] - cur[i]) * Math.log(ref[i] / cur[i]);
        }
        return s;
    }

    /** Shares, with Evidently's {@code feel_zeroes}: a zero becomes 0.0001, or 1e-6 of the smallest share if that is smaller. */
    static double[] percents(long[] counts, boolean fillZeroes) {
        double total = Arrays.stream(counts).sum();
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = total == 0 ? 0 : counts[i] / total;
        }
        return fillZeroes ? fillZeroes(p) : p;
    }

    private static double[] fillZeroes(double[] p) {
        double min = Double.POSITIVE_INFINITY;
        for (double x : p) {
            if (x != 0 && x < min) {
                min = x;
            }
        }
        double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                p[i] = fill;
            }
        }
        return p;
    }

    static double psiNumeric(NumericColumn column, ColumnCounts.Numeric current, Map<Double, long[]> fewValues) {
        if (column.distinctCount() <= 20) {
            return psiByValue(column, current);
        }
        double[] ref = column.sorted();
        double lo = Math.min(ref[0], current.min);
        double hi = Math.max(ref[ref.length - 1], current.max);
        long total = ref.length + current.n;
        double ptp = hi - lo;
        int bins = 1;
        if (ptp > 0) { // numpy's histogram_bin_edges(bins="sturges"), the same floating-point steps
            double width = ptp / (log2(total) + 1);
            bins = (int) Math.ceil(ptp / width);
        } else {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        long[] refCounts = new long[bins];
        for (double v : ref) {
            refCounts[histogramBin(edges, v)]++;
        }
        double[] curCounts = spreadOverBins(column, current, edges);
        double[] rp = fillZeroes(Arrays.stream(refCounts)
                .mapToDouble(x -> x / (double) ref.length)
                .toArray());
        double[] cp =
                fillZeroes(Arrays.stream(curCounts).map(x -> x / current.n).toArray());
        return psi(rp, cp);
    }

    private static double log2(long x) {
        if (Long.bitCount(x) == 1) {
            return Long.numberOfTrailingZeros(x);
        }
        return Math.log(x) / Math.log(2);
    }

    /** numpy.histogram's bin: half-open bins, the last one closed. */
    private static int histogramBin(double[] edges, double v) {
        int bins = edges.length - 1;
        if (v >= edges[bins]) {
            return bins - 1;
        }
        int pos = Arrays.binarySearch(edges, v);
        int bin = pos >= 0 ? pos : -pos - 2;
        return Math.max(0, Math.min(bins - 1, bin));
    }

    /** Current counts per equal-width bin, from the cells: points at the edges, gaps and tails spread evenly. */
    private static double[] spreadOverBins(NumericColumn column, ColumnCounts.Numeric current, double[] binEdges) {
        double[] out = new double[binEdges.length - 1];
        double[] e = column.edges();
        int k = e.length;
        for (int i = 0; i < k; i++) {
            out[histogramBin(binEdges, e[i])] += current.cells[2 * i + 1];
        }
        for (int i = 0; i <= k; i++) {
            long count = current.cells[2 * i];
            if (count > 0) {
                double[] ab = current.spread(2 * i, i == 0 ? current.min : e[i - 1], i == k ? current.max : e[i]);
                spread(out, binEdges, ab[0], ab[1], count);
            }
        }
        return out;
    }

    private static void spread(double[] out, double[] binEdges, double a, double b, long count) {
        if (count == 0) {
            return;
        }
        if (!(b > a)) {
            out[histogramBin(binEdges, a)] += count;
            return;
        }
        for (int j = 0; j < out.length; j++) {
            double overlap = Math.min(b, binEdges[j + 1]) - Math.max(a, binEdges[j]);
            if (overlap > 0) {
                out[j] += count * overlap / (b - a);
            }
        }
    }

    /** PSI over the values of a column with at most 20 distinct reference values; a non-empty gap counts as one more value. */
    private static double psiByValue(NumericColumn column, ColumnCounts.Numeric current) {
        List<Long> ref = new ArrayList<>();
        List<Long> cur = new ArrayList<>();
        int k = column.edges().length;
        long[] refByDistinct = column.distinctCounts();
        int[] edgeIndex = column.edgeIndex();
        for (int i = 0; i <= 2 * k; i++) {
            long c = current.cells[i];
            if (i % 2 == 1) {
                ref.add(refByDistinct[edgeIndex[i / 2]]);
                cur.add(c);
            } else if (c > 0) {
                ref.add(0L);
                cur.add(c);
            }
        }
        return psi(
                percents(ref.stream().mapToLong(Long::longValue).toArray(), true),
                percents(cur.stream().mapToLong(Long::longValue).toArray(), true));
    }

    private static List<Double> fractions(long[] counts) {
        double total = Arrays.stream(counts).sum();
        List<Double> out = new ArrayList<>(counts.length);
        for (long c : counts) {
            out.add(total == 0 ? 0.0 : c / total);
        }
        return out;
    }

    /** Dataset drift over the input columns that have current data. */
    public static DriftReport report(
            String modelName,
            String modelVersion,
            String referenceSource,
            long windowEvents,
            List<ColumnDrift> columns,
            DriftThresholds t,
            List<String> notes) {
        List<ColumnDrift> inputs = columns.stream()
                .filter(c ->
                        (c.kind().equals(DriftKind.IMAGE.wireName()) || c.kind().equals(DriftKind.EMBEDDING.wireName()))
                                && !c.test().equals(DriftTest.NONE.wireName()))
                .toList();
        int drifted = (int) inputs.stream().filter(ColumnDrift::drifted).count();
        double share = inputs.isEmpty() ? 0 : (double) drifted / inputs.size();
        return new DriftReport(
                modelName,
                modelVersion,
                referenceSource,
                java.time.Instant.now(),
                windowEvents,
                inputs.size(),
                drifted,
                share,
                !inputs.isEmpty() && share >= t.datasetShare(),
                t.datasetShare(),
                columns,
                notes);
    }
}
