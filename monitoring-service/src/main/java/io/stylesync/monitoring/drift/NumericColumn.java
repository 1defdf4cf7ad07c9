package io.stylesync.monitoring.drift;

import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.dataset.ReferenceStatisticsBuilder;
import java.util.Arrays;

/**
 * A numeric column: the reference sample (raw values) and the cells the live window counts into.
 *
 * <p>Cells are anchored on the reference: up to {@code maxEdges} distinct reference values e_0 < ... < e_k-1
 * (all of them when there are that few, else evenly spaced order statistics, always the minimum and the
 * maximum), and the window counts, per cell, values below e_0, equal to e_i, strictly between e_i and
 * e_i+1, and above e_k-1, with the sum of the values in each cell. That is constant memory in the window
 * size, and it keeps what the tests need: with every distinct reference value an edge (always so when the
 * reference has at most 1,000 rows, the only case Evidently uses KS for) the KS statistic is exact; the
 * Wasserstein distance is exact in the tails (from the sums) and interpolated linearly within a cell that
 * holds 1/1000 of the reference. A fixed-range 50-bin histogram (the contract's layout) is kept too, for the
 * page; it alone would be too coarse: 224 px JPEGs all fall in the first of 50 bins of {@code file_size_kb}.
 */
public final class NumericColumn implements DriftColumn {

    public static final int DEFAULT_MAX_EDGES = 1000;
    private static final double TAIL = 0.01;

    private final String name;
    private final DriftKind kind;
    private final double[] sorted;
    private final double[] distinct;
    private final long[] distinctCounts;
    private final double[] cdf;
    private final double[] edges;
    private final int[] edgeIndex;
    private final int[] grid;
    private final double gridScale;
    private final double std;
    private final double displayMin;
    private final double displayMax;
    private final long[] referenceDisplay;

    private NumericColumn(
            String name,
            DriftKind kind,
            double[] sorted,
            int maxEdges,
            double displayMin,
            double displayMax,
            long[] referenceDisplay) {
        this.name = name;
        this.kind = kind;
        this.sorted = sorted;
        int n = sorted.length;
        double[] d = new double[n];
        long[] c = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k > 0 && d[k - 1] == sorted[i]) {
                c[k - 1]++;
            } else {
                d[k] = sorted[i];
                c[k++] = 1;
            }
        }
        this.distinct = Arrays.copyOf(d, k);
        this.distinctCounts = Arrays.copyOf(c, k);
        this.cdf = new double[k];
        long cum = 0;
        for (int i = 0; i < k; i++) {
            cum += distinctCounts[i];
            cdf[i] = (double) cum / n;
        }
        this.edgeIndex = edgeIndices(cdf, maxEdges);
        this.edges = new double[edgeIndex.length];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = distinct[edgeIndex[i]];
        }
        // a lookup grid over [e_0, e_k-1]: slot s starts after grid[s] edges, so a value's search is a few edges wide
        int slots = 4 * edges.length;
        double span = edges[edges.length - 1] - edges[0];
        this.gridScale = span > 0 ? slots / span : 0;
        this.grid = new int[slots + 1];
        for (int sl = 0, j = 0; sl <= slots; sl++) {
            double start = edges[0] + sl / gridScale;
            while (j < edges.length && edges[j] < start) {
                j++;
            }
            grid[sl] = j;
        }
        double mean = 0;
        for (double v : sorted) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : sorted) {
            ss += (v - mean) * (v - mean);
        }
        this.std = Math.sqrt(ss / n);
        this.displayMin = displayMin;
        this.displayMax = displayMax;
        this.referenceDisplay =
                referenceDisplay != null ? referenceDisplay.clone() : histogram(sorted, displayMin, displayMax);
    }

    /**
     * Every distinct value when there are at most {@code maxEdges}; else evenly spaced order statistics plus
     * every distinct value in the outer 1% on each side, where values are sparse and cells would be wide.
     */
    private static int[] edgeIndices(double[] cdf, int maxEdges) {
        int k = cdf.length;
        if (k <= maxEdges) {
            return java.util.stream.IntStream.range(0, k).toArray();
        }
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        for (int i = 0; i < maxEdges; i++) {
            chosen.add((int) Math.round((double) i * (k - 1) / (maxEdges - 1)));
        }
        for (int j = 0; j < k; j++) {
            if (cdf[j] <= TAIL || (j > 0 && cdf[j - 1] >= 1 - TAIL)) {
                chosen.add(j);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param sample           raw reference values (non-finite ones are dropped, as Evidently drops them)
     * @param displayMin       range of the 50-bin display histogram
     * @param referenceDisplay the reference's own histogram on that range (the bundle's, over the whole train
     *                         split), or null to bin the sample
     */
    public static NumericColumn of(
            String name,
            DriftKind kind,
            double[] sample,
            int maxEdges,
            double displayMin,
            double displayMax,
            long[] referenceDisplay) {
        double[] finite =
                Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            throw new IllegalArgumentException("reference sample of '" + name + "' has no finite value");
        }
        return new NumericColumn(name, kind, finite, maxEdges, displayMin, displayMax, referenceDisplay);
    }

    /** A column whose display range is the sample's own range, widened by half of it on each side. */
    public static NumericColumn of(String name, DriftKind kind, double[] sample, int maxEdges) {
        double[] finite =
                Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            throw new IllegalArgumentException("reference sample of '" + name + "' has no finite value");
        }
        double lo = finite[0];
        double hi = finite[finite.length - 1];
        double pad = hi > lo ? (hi - lo) / 2 : Math.max(1e-6, Math.abs(lo) / 2);
        return new NumericColumn(name, kind, finite, maxEdges, lo - pad, hi + pad, null);
    }

    static long[] histogram(double[] values, double min, double max) {
        long[] h = new long[ReferenceStatistics.HISTOGRAM_BINS];
        for (double v : values) {
            h[ReferenceStatisticsBuilder.bin(v, min, max, h.length)]++;
        }
        return h;
    }

    /** The window cell of a value: 2i+1 for e_i itself, 2i for (e_i-1, e_i), 2k for above e_k-1. */
    public int cell(double v) {
        int k = edges.length;
        if (v < edges[0]) {
            return 0;
        }
        if (v > edges[k - 1]) {
            return 2 * k;
        }
        if (gridScale == 0) {
            return 1; // a single edge, and v is it
        }
        int slot = Math.min((int) ((v - edges[0]) * gridScale), grid.length - 1);
        int j = grid[Math.max(0, slot - 1)];
        int hi = Math.min(k, grid[Math.min(grid.length - 1, slot + 2)] + 1);
        if (hi - j > 16) { // a crowded stretch (a far outlier stretches the grid): binary search it
            int pos = Arrays.binarySearch(edges, j, hi, v);
            return pos >= 0 ? 2 * pos + 1 : 2 * (-pos - 1);
        }
        while (edges[j] < v) { // a few steps; edges[k-1] >= v stops it
            j++;
        }
        return edges[j] == v ? 2 * j + 1 : 2 * j;
    }

    public int cells() {
        return 2 * edges.length + 1;
    }

    public int displayBin(double v) {
        return ReferenceStatisticsBuilder.bin(v, displayMin, displayMax, ReferenceStatistics.HISTOGRAM_BINS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DriftKind kind() {
        return kind;
    }

    @Override
    public int referenceRows() {
        return sorted.length;
    }

    /** Distinct values of the reference; when at most five, the window also counts distinct live values. */
    public int distinctCount() {
        return distinct.length;
    }

    public boolean tracksDistinctValues() {
        return distinct.length <= DistinctValues.CAPACITY - 1;
    }

    double[] sorted() {
        return sorted;
    }

    double[] distinct() {
        return distinct;
    }

    long[] distinctCounts() {
        return distinctCounts;
    }

    /** Reference ECDF (right-continuous) at each distinct value. */
    double[] cdf() {
        return cdf;
    }

    double[] edges() {
        return edges;
    }

    int[] edgeIndex() {
        return edgeIndex;
    }

    /** Population standard deviation (numpy's default, which Evidently's Wasserstein norm uses). */
    public double std() {
        return std;
    }

    public double displayMin() {
        return displayMin;
    }

    public double displayMax() {
        return displayMax;
    }

    public long[] referenceDisplay() {
        return referenceDisplay.clone();
    }

    /** True when every distinct reference value is a cell edge, so KS statistics are exact. */
    public boolean exactCells() {
        return edges.length == distinct.length;
    }
}
