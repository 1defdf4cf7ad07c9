package io.stylesync.monitoring.drift;

import java.util.Arrays;

/** Live counts of one column over one bucket, or summed over the window. */
public abstract sealed class ColumnCounts permits ColumnCounts.Numeric, ColumnCounts.Categorical {

    long n;

    public long n() {
        return n;
    }

    abstract void clear();

    abstract void addAll(ColumnCounts other);

    /** These counts as plain arrays, for a checkpoint. */
    abstract State state();

    /** Replaces these counts with a checkpoint's, which {@link #check} accepted. */
    abstract void load(State state);

    /** Throws when a checkpoint's counts do not have this column's shape. */
    abstract void check(State state);

    /**
     * One column's counts in a checkpoint; numeric columns fill the first fields, categorical ones {@code counts}.
     * An empty column's min and max are null (JSON has no infinity).
     */
    public record State(
            long n,
            long[] cells,
            double[] sums,
            double[] squares,
            long[] display,
            Double min,
            Double max,
            double[] distinctValues,
            long[] distinctCounts,
            boolean distinctOverflow,
            long[] counts) {}

    static void requireLength(String what, Object array, int expected) {
        int actual = array == null ? -1 : java.lang.reflect.Array.getLength(array);
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has " + actual + " entries, the column " + expected);
        }
    }

    /** Cell counts and sums, the 50-bin display histogram, min and max, distinct values when few. */
    public static final class Numeric extends ColumnCounts {
        final long[] cells;
        final double[] sums;
        final double[] squares;
        final long[] display;
        final DistinctValues distinct;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        Numeric(NumericColumn column) {
            cells = new long[column.cells()];
            sums = new double[column.cells()];
            squares = new double[column.cells()];
            display = new long[column.referenceDisplay().length];
            distinct = column.tracksDistinctValues() ? new DistinctValues() : null;
        }

        /** The values of rows [from, to) of one column; NaN is absent. */
        void addAll(NumericColumn column, double[] values, int from, int to) {
            for (int r = from; r < to; r++) {
                double v = values[r];
                if (v == v) {
                    add(column, v);
                }
            }
        }

        void add(NumericColumn column, double v) {
            int c = column.cell(v);
            cells[c]++;
            sums[c] += v;
            squares[c] += v * v;
            display[column.displayBin(v)]++;
            if (distinct != null) {
                distinct.add(v);
            }
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            n++;
        }

        @Override
        void clear() {
            Arrays.fill(cells, 0);
            Arrays.fill(sums, 0);
            Arrays.fill(squares, 0);
            Arrays.fill(display, 0);
            if (distinct != null) {
                distinct.clear();
            }
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            n = 0;
        }

        @Override
        void addAll(ColumnCounts other) {
            Numeric o = (Numeric) other;
            for (int i = 0; i < cells.length; i++) {
                cells[i] += o.cells[i];
                sums[i] += o.sums[i];
                squares[i] += o.squares[i];
            }
            for (int i = 0; i < display.length; i++) {
                display[i] += o.display[i];
            }
            if (distinct != null) {
                distinct.addAll(o.distinct);
            }
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
            n += o.n;
        }

        @Override
        State state() {
            double[] dv = distinct == null ? null : java.util.Arrays.copyOf(distinct.values(), distinct.size());
            long[] dc = distinct == null ? null : java.util.Arrays.copyOf(distinct.counts(), distinct.size());
            return new State(
                    n,
                    cells.clone(),
                    sums.clone(),
                    squares.clone(),
                    display.clone(),
                    n == 0 ? null : min,
                    n == 0 ? null : max,
                    dv,
                    dc,
                    distinct != null && distinct.overflow(),
                    null);
        }

        @Override
        void check(State s) {
            requireLength("cells", s.cells(), cells.length);
            requireLength("sums", s.sums(), cells.length);
            requireLength("squares", s.squares(), cells.length);
            requireLength("display", s.display(), display.length);
            if ((distinct == null) != (s.distinctValues() == null)
                    || (s.distinctValues() != null
                            && (s.distinctCounts() == null
                                    || s.distinctValues().length != s.distinctCounts().length
                                    || s.distinctValues().length > DistinctValues.CAPACITY))) {
                throw new IllegalArgumentException("distinct values do not match the column");
            }
            if (s.n() < 0 || java.util.Arrays.stream(s.cells()).sum() != s.n()) {
                throw new IllegalArgumentException("cell counts do not add up to n=" + s.n());
            }
        }

        @Override
        void load(State s) {
            n = s.n();
            System.arraycopy(s.cells(), 0, cells, 0, cells.length);
            System.arraycopy(s.sums(), 0, sums, 0, sums.length);
            System.arraycopy(s.squares(), 0, squares, 0, squares.length);
            System.arraycopy(s.display(), 0, display, 0, display.length);
            min = s.min() == null ? Double.POSITIVE_INFINITY : s.min();
            max = s.max() == null ? Double.NEGATIVE_INFINITY : s.max();
            if (distinct != null) {
                distinct.clear();
                for (int i = 0; i < s.distinctValues().length; i++) {
                    distinct.add(s.distinctValues()[i], s.distinctCounts()[i]);
                }
                if (s.distinctOverflow()) {
                    distinct.markOverflow();
                }
            }
        }

        /**
         * Where a cell's values are modelled as lying: uniform over mean +- sqrt(3) std of the values in the cell
         * (the uniform distribution with their mean and variance), narrowed symmetrically to stay inside
         * [lo, hi] so the mean, and with it the integral of the CDF over the cell, stays exact; two values are
         * exactly at mean +- std; one value, or equal ones, is a point.
         */
        double[] spread(int cell, double lo, double hi) {
            long c = cells[cell];
            double mean = Math.max(lo, Math.min(hi, sums[cell] / c));
            double variance = Math.max(0, squares[cell] / c - mean * mean);
            double half = c == 2 ? Math.sqrt(variance) : Math.sqrt(3 * variance);
            half = Math.min(half, Math.min(mean - lo, hi - mean));
            return new double[] {mean - half, mean + half};
        }

        public long[] display() {
            return display.clone();
        }

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }
    }

    /** Counts per category index of the window's vocabulary. */
    public static final class Categorical extends ColumnCounts {
        final long[] counts;

        Categorical(int capacity) {
            counts = new long[capacity];
        }

        void add(int category) {
            counts[category]++;
            n++;
        }

        @Override
        void clear() {
            Arrays.fill(counts, 0);
            n = 0;
        }

        @Override
        void addAll(ColumnCounts other) {
            long[] o = ((Categorical) other).counts;
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o[i];
            }
            n += other.n;
        }

        @Override
        State state() {
            return new State(n, null, null, null, null, null, null, null, null, false, counts.clone());
        }

        @Override
        void check(State s) {
            requireLength("counts", s.counts(), counts.length);
            if (s.n() < 0 || java.util.Arrays.stream(s.counts()).sum() != s.n()) {
                throw new IllegalArgumentException("category counts do not add up to n=" + s.n());
            }
        }

        @Override
        void load(State s) {
            n = s.n();
            System.arraycopy(s.counts(), 0, counts, 0, counts.length);
        }

        public long count(int category) {
            return counts[category];
        }
    }
}
