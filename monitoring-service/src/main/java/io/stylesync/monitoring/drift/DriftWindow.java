package io.stylesync.monitoring.drift;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The current distribution of every column over a sliding window: a ring of buckets, each closed after
 * {@code eventsPerBucket} events (count window) or after {@code bucketDuration} of arrival time (time
 * window); the window is the last {@code buckets} buckets. Each bucket holds fixed-size counts per column
 * ({@link ColumnCounts}), so memory does not grow with the window; the oldest bucket is cleared and reused.
 */
public final class DriftWindow {

    /** Label of the category that collects new labels once a column's vocabulary is full. */
    public static final String OTHER_CATEGORY = "(other)";

    private static final int PARALLEL_MIN_VALUES = 8192;

    /**
     * @param bucketDuration  null for a count window
     * @param parallelColumns large batches update their columns on several cores (each column is independent)
     */
    public record Policy(
            int buckets, long eventsPerBucket, Duration bucketDuration, int maxCategories, boolean parallelColumns) {

        public Policy {
            if (buckets < 1 || eventsPerBucket < 1 || maxCategories < 2) {
                throw new IllegalArgumentException("window needs >= 1 bucket, >= 1 event per bucket, >= 2 categories");
            }
        }

        public static Policy count(int buckets, long eventsPerBucket) {
            return new Policy(buckets, eventsPerBucket, null, 256, true);
        }

        public Policy sequential() {
            return new Policy(buckets, eventsPerBucket, bucketDuration, maxCategories, false);
        }

        boolean timed() {
            return bucketDuration != null && !bucketDuration.isZero();
        }
    }

    private final List<NumericColumn> numeric;
    private final List<CategoricalColumn> categorical;
    private final Policy policy;
    private final LongSupplier clockMillis;
    private final List<Map<String, Integer>> vocabularies = new ArrayList<>();
    private final List<List<String>> categories = new ArrayList<>();
    private final ColumnCounts[][] ring;
    private final long[] bucketEvents;
    private long bucketStart;
    private int head;

    public DriftWindow(
            List<NumericColumn> numeric, List<CategoricalColumn> categorical, Policy policy, LongSupplier clockMillis) {
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        this.policy = policy;
        this.clockMillis = clockMillis;
        for (CategoricalColumn c : categorical) {
            Map<String, Integer> index = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (String category : c.categories()) {
                if (names.size() < policy.maxCategories() - 1) {
                    index.put(category, names.size());
                    names.add(category);
                }
            }
            vocabularies.add(index);
            categories.add(names);
        }
        ring = new ColumnCounts[policy.buckets()][];
        for (int b = 0; b < ring.length; b++) {
            ring[b] = newBucket();
        }
        bucketEvents = new long[policy.buckets()];
        bucketStart = clockMillis.getAsLong();
    }

    private ColumnCounts[] newBucket() {
        ColumnCounts[] bucket = new ColumnCounts[numeric.size() + categorical.size()];
        for (int i = 0; i < numeric.size(); i++) {
            bucket[i] = new ColumnCounts.Numeric(numeric.get(i));
        }
        for (int j = 0; j < categorical.size(); j++) {
            bucket[numeric.size() + j] = new ColumnCounts.Categorical(policy.maxCategories());
        }
        return bucket;
    }

    public List<NumericColumn> numericColumns() {
        return numeric;
    }

    public List<CategoricalColumn> categoricalColumns() {
        return categorical;
    }

    /**
     * Adds one event: a value per numeric column (NaN: absent) and a category per categorical column
     * (null: absent), in column order.
     */
    public synchronized void add(double[] values, String[] labels) {
        rotate();
        ColumnCounts[] bucket = ring[head];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isNaN(v)) {
                ((ColumnCounts.Numeric) bucket[i]).add(numeric.get(i), v);
            }
        }
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] != null) {
                ((ColumnCounts.Categorical) bucket[numeric.size() + j]).add(categoryIndex(j, labels[j]));
            }
        }
        bucketEvents[head]++;
    }

    /**
     * Adds {@code rows} events given column by column: {@code values[i][row]} for numeric column i (NaN: absent),
     * {@code labels[j][row]} for categorical column j (null: absent). One lock and column-at-a-time loops: the
     * path batches of events take.
     */
    public synchronized void addBatch(double[][] values, String[][] labels, int rows) {
        int from = 0;
        while (from < rows) {
            rotate();
            int to = policy.timed() ? rows : (int) Math.min(rows, from + policy.eventsPerBucket() - bucketEvents[head]);
            if (to <= from) {
                advance();
                continue;
            }
            ColumnCounts[] bucket = ring[head];
            int start = from;
            int end = to;
            java.util.function.IntConsumer column = i -> {
                if (i < values.length) {
                    ((ColumnCounts.Numeric) bucket[i]).addAll(numeric.get(i), values[i], start, end);
                } else {
                    int j = i - values.length;
                    ColumnCounts.Categorical counts = (ColumnCounts.Categorical) bucket[numeric.size() + j];
                    String[] cells = labels[j];
                    for (int r = start; r < end; r++) {
                        if (cells[r] != null) {
                            counts.add(categoryIndex(j, cells[r]));
                        }
                    }
                }
            };
            int columns = values.length + labels.length;
            if (policy.parallelColumns() && (long) (to - from) * columns >= PARALLEL_MIN_VALUES) {
                java.util.stream.IntStream.range(0, columns).parallel().forEach(column);
            } else {
                for (int i = 0; i < columns; i++) {
                    column.accept(i);
                }
            }
            bucketEvents[head] += to - from;
            from = to;
        }
    }

    private int categoryIndex(int column, String label) {
        Map<String, Integer> index = vocabularies.get(column);
        Integer i = index.get(label);
        if (i != null) {
            return i;
        }
        List<String> names = categories.get(column);
        if (names.size() < policy.maxCategories() - 1) {
            index.put(label, names.size());
            names.add(label);
            return names.size() - 1;
        }
        if (!index.containsKey(OTHER_CATEGORY)) {
            index.put(OTHER_CATEGORY, names.size());
            names.add(OTHER_CATEGORY);
        }
        return index.get(OTHER_CATEGORY);
    }

    private void rotate() {
        if (policy.timed()) {
            long now = clockMillis.getAsLong();
            long width = policy.bucketDuration().toMillis();
            long steps = (now - bucketStart) / width;
            for (long s = 0; s < Math.min(steps, ring.length); s++) {
                advance();
            }
            if (steps > 0) {
                bucketStart += steps * width;
            }
        } else if (bucketEvents[head] >= policy.eventsPerBucket()) {
            advance();
        }
    }

    private void advance() {
        head = (head + 1) % ring.length;
        for (ColumnCounts c : ring[head]) {
            c.clear();
        }
        bucketEvents[head] = 0;
    }

    /** Events in the window now. */
    public synchronized long events() {
        if (policy.timed()) {
            rotate();
        }
        long events = 0;
        for (long e : bucketEvents) {
            events += e;
        }
        return events;
    }

    /** The counts summed over the window's buckets, and the categories seen so far. */
    public synchronized Snapshot snapshot() {
        if (policy.timed()) {
            rotate();
        }
        ColumnCounts[] sum = newBucket();
        long events = 0;
        for (int b = 0; b < ring.length; b++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i].addAll(ring[b][i]);
            }
            events += bucketEvents[b];
        }
        List<List<String>> names = categories.stream().map(l -> List.copyOf(l)).toList();
        return new Snapshot(events, sum, names);
    }

    /** The whole window as plain data, for a checkpoint. */
    public synchronized State state() {
        List<List<ColumnCounts.State>> buckets = new ArrayList<>();
        for (ColumnCounts[] bucket : ring) {
            List<ColumnCounts.State> columns = new ArrayList<>();
            for (ColumnCounts c : bucket) {
                columns.add(c.state());
            }
            buckets.add(columns);
        }
        return new State(
                head,
                bucketStart,
                bucketEvents.clone(),
                categories.stream().map(l -> List.copyOf(l)).toList(),
                buckets);
    }

    /**
     * Replaces the window with a checkpoint's. The whole state is checked against this window's columns and policy
     * first: one that does not fit is refused with the reason (IllegalArgumentException) and nothing is changed.
     */
    public synchronized void restore(State s) {
        if (s.buckets() == null || s.buckets().size() != ring.length) {
            throw new IllegalArgumentException("checkpoint has "
                    + (s.buckets() == null ? 0 : s.buckets().size()) + " buckets, the window " + ring.length);
        }
        ColumnCounts.requireLength("bucket events", s.bucketEvents(), ring.length);
        if (s.head() < 0 || s.head() >= ring.length) {
            throw new IllegalArgumentException("bucket head " + s.head() + " outside the window");
        }
        if (s.categories() == null || s.categories().size() != categorical.size()) {
            throw new IllegalArgumentException("checkpoint has a different number of categorical columns");
        }
        for (List<String> names : s.categories()) {
            if (names.size() > policy.maxCategories()
                    || names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("a categorical column's vocabulary does not fit the window");
            }
        }
        for (int b = 0; b < ring.length; b++) {
            List<ColumnCounts.State> columns = s.buckets().get(b);
            if (columns == null || columns.size() != ring[b].length) {
                throw new IllegalArgumentException("bucket " + b + " has a different number of columns");
            }
            for (int i = 0; i < columns.size(); i++) {
                try {
                    ring[b][i].check(columns.get(i));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException("bucket " + b + " column " + i + ": " + e.getMessage(), e);
                }
            }
        }
        for (int b = 0; b < ring.length; b++) {
            for (int i = 0; i < ring[b].length; i++) {
                ring[b][i].load(s.buckets().get(b).get(i));
            }
        }
        System.arraycopy(s.bucketEvents(), 0, bucketEvents, 0, ring.length);
        head = s.head();
        bucketStart = s.bucketStart();
        for (int j = 0; j < categorical.size(); j++) {
            Map<String, Integer> index = vocabularies.get(j);
            List<String> names = categories.get(j);
            index.clear();
            names.clear();
            for (String name : s.categories().get(j)) {
                index.put(name, names.size());
                names.add(name);
            }
        }
    }

    /** A window in a checkpoint: the ring of buckets, each a list of column counts in column order. */
    public record State(
            int head,
            long bucketStart,
            long[] bucketEvents,
            List<List<String>> categories,
            List<List<ColumnCounts.State>> buckets) {}

    /** Window counts at one moment; column i &lt; numeric size is numeric, then the categorical ones. */
    public record Snapshot(long events, ColumnCounts[] columns, List<List<String>> categories) {

        public ColumnCounts.Numeric numeric(int i) {
            return (ColumnCounts.Numeric) columns[i];
        }

        public ColumnCounts.Categorical categorical(int numericCount, int j) {
            return (ColumnCounts.Categorical) columns[numericCount + j];
        }
    }
}
