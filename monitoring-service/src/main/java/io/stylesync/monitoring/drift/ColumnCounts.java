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

        public long count(int category) {
            return counts[category];
        }
    }
}
