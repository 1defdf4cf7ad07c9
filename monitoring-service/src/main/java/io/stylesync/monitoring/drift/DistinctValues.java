package io.stylesync.monitoring.drift;

import java.util.Arrays;

/**
 * Up to {@link #CAPACITY} distinct values with their counts, then just "more": enough to apply Evidently's
 * rule that a numeric column with at most 5 distinct values (reference and current together) is tested
 * like a categorical one, in constant memory.
 */
public final class DistinctValues {

    public static final int CAPACITY = 6;

    private final double[] values = new double[CAPACITY];
    private final long[] counts = new long[CAPACITY];
    private int size;
    private boolean overflow;

    public void add(double v) {
        add(v, 1);
    }

    void add(double v, long count) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                counts[i] += count;
                return;
            }
        }
        if (size < CAPACITY) {
            values[size] = v;
            counts[size++] = count;
        } else {
            overflow = true;
        }
    }

    void addAll(DistinctValues other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i], other.counts[i]);
        }
        overflow |= other.overflow;
    }

    void clear() {
        size = 0;
        overflow = false;
        Arrays.fill(counts, 0);
    }

    void markOverflow() {
        overflow = true;
    }

    double[] values() {
        return values;
    }

    long[] counts() {
        return counts;
    }

    public boolean overflow() {
        return overflow;
    }

    public int size() {
        return size;
    }

    public double value(int i) {
        return values[i];
    }

    public long count(int i) {
        return counts[i];
    }
}
