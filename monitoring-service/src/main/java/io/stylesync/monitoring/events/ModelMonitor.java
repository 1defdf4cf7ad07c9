package io.stylesync.monitoring.events;

import io.stylesync.common.events.FeatureEvent;
import io.stylesync.monitoring.config.MonitoringProperties;
import io.stylesync.monitoring.drift.CategoricalColumn;
import io.stylesync.monitoring.drift.ColumnDrift;
import io.stylesync.monitoring.drift.DriftCalculator;
import io.stylesync.monitoring.drift.DriftKind;
import io.stylesync.monitoring.drift.DriftReport;
import io.stylesync.monitoring.drift.DriftThresholds;
import io.stylesync.monitoring.drift.DriftWindow;
import io.stylesync.monitoring.drift.NumericColumn;
import io.stylesync.monitoring.reference.ModelReference;
import io.stylesync.monitoring.reference.ReferenceColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One model version under watch: its reference columns, the live window, and confidence drift, whose
 * reference is the version's first {@code confidenceBaseline} live predictions (a deployment baseline: the
 * bundle carries no confidence distribution), kept as raw values and then frozen.
 */
public final class ModelMonitor {

    private final ModelReference reference;
    private final ReferenceColumns columns;
    private final DriftWindow window;
    private final MonitoringProperties.Window settings;
    private final LongSupplier clock;
    private final double[][] baseline;
    private int baselineEvents;
    private DriftWindow confidenceWindow;
    private int[] confidenceHeads;
    private volatile long lastActive;

    public ModelMonitor(ModelReference reference, MonitoringProperties.Window settings, LongSupplier clock) {
        this.reference = reference;
        this.settings = settings;
        this.clock = clock;
        this.columns = ReferenceColumns.of(reference, settings.maxCellEdges());
        this.window = new DriftWindow(columns.numeric(), columns.categorical(), policy(settings), clock);
        this.baseline = new double[columns.categorical().size()][settings.confidenceBaseline()];
        this.lastActive = clock.getAsLong();
    }

    static DriftWindow.Policy policy(MonitoringProperties.Window s) {
        return new DriftWindow.Policy(s.buckets(), s.eventsPerBucket(), s.bucketDuration(), s.maxCategories(), true);
    }

    public ModelReference reference() {
        return reference;
    }

    public long windowEvents() {
        return window.events();
    }

    public long lastActive() {
        return lastActive;
    }

    /** Adds a batch of this version's events to the window, column by column. */
    public void recordAll(List<FeatureEvent> events) {
        int rows = events.size();
        List<NumericColumn> numeric = columns.numeric();
        double[][] values = new double[numeric.size()][rows];
        for (int i = 0; i < numeric.size(); i++) {
            NumericColumn c = numeric.get(i);
            for (int r = 0; r < rows; r++) {
                FeatureEvent e = events.get(r);
                Double v = c.kind() == DriftKind.IMAGE
                        ? e.features().get(c.name())
                        : e.embedding() == null ? null : e.embedding().get(c.name());
                values[i][r] = v == null ? Double.NaN : v;
            }
        }
        List<CategoricalColumn> heads = columns.categorical();
        String[][] labels = new String[heads.size()][rows];
        double[][] confidences = new double[rows][heads.size()];
        for (int j = 0; j < heads.size(); j++) {
            for (int r = 0; r < rows; r++) {
                FeatureEvent e = events.get(r);
                FeatureEvent.Prediction p = e.predictions() == null
                        ? null
                        : e.predictions().get(heads.get(j).name());
                labels[j][r] = p == null ? null : p.label();
                confidences[r][j] = p == null ? Double.NaN : p.confidence();
            }
        }
        window.addBatch(values, labels, rows);
        for (double[] c : confidences) {
            recordConfidences(c);
        }
        lastActive = clock.getAsLong();
    }

    private synchronized void recordConfidences(double[] confidences) {
        if (confidenceWindow != null) {
            double[] values = new double[confidenceHeads.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = confidences[confidenceHeads[i]];
            }
            confidenceWindow.add(values, new String[0]);
            return;
        }
        if (baseline.length == 0 || baselineEvents >= baseline[0].length) {
            return;
        }
        for (int j = 0; j < confidences.length; j++) {
            baseline[j][baselineEvents] = confidences[j];
        }
        if (++baselineEvents == baseline[0].length) {
            freezeBaseline();
        }
    }

    /** The baseline is full: its confidences become the reference of confidence drift. */
    private void freezeBaseline() {
        List<NumericColumn> cols = new ArrayList<>();
        List<Integer> heads = new ArrayList<>();
        for (int j = 0; j < baseline.length; j++) {
            if (Arrays.stream(baseline[j]).anyMatch(Double::isFinite)) {
                cols.add(NumericColumn.of(
                        columns.categorical().get(j).name(),
                        DriftKind.CONFIDENCE,
                        baseline[j],
                        settings.maxCellEdges(),
                        0,
                        1,
                        null));
                heads.add(j);
            }
        }
        confidenceHeads = heads.stream().mapToInt(Integer::intValue).toArray();
        confidenceWindow = cols.isEmpty() ? null : new DriftWindow(cols, List.of(), policy(settings), clock);
    }

    /** This version's window and confidence baseline as plain data, for a checkpoint. */
    public synchronized State state() {
        Double[][] kept = new Double[baseline.length][];
        for (int j = 0; j < baseline.length; j++) {
            kept[j] = new Double[baselineEvents];
            for (int r = 0; r < baselineEvents; r++) {
                double v = baseline[j][r];
                kept[j][r] = Double.isFinite(v) ? v : null; // absent confidences: JSON has no NaN
            }
        }
        return new State(
                window.state(), baselineEvents, kept, confidenceWindow == null ? null : confidenceWindow.state());
    }

    /**
     * Loads a checkpoint into this new monitor. Throws IllegalArgumentException when it does not fit this version's
     * columns; the caller then discards this monitor (it may be half-loaded) for a fresh one.
     */
    public synchronized void restore(State s) {
        if (s.baselineEvents() < 0
                || s.baseline() == null
                || s.baseline().length != baseline.length
                || (baseline.length > 0 && s.baselineEvents() > baseline[0].length)) {
            throw new IllegalArgumentException("the confidence baseline does not fit this version's heads");
        }
        for (Double[] head : s.baseline()) {
            if (head == null || head.length != s.baselineEvents()) {
                throw new IllegalArgumentException("the confidence baseline has rows missing");
            }
        }
        window.restore(s.window());
        for (int j = 0; j < baseline.length; j++) {
            for (int r = 0; r < s.baselineEvents(); r++) {
                Double v = s.baseline()[j][r];
                baseline[j][r] = v == null ? Double.NaN : v;
            }
        }
        baselineEvents = s.baselineEvents();
        if (baseline.length > 0 && baselineEvents == baseline[0].length) {
            freezeBaseline();
            if ((confidenceWindow == null) != (s.confidenceWindow() == null)) {
                throw new IllegalArgumentException("the confidence window does not match the baseline");
            }
            if (confidenceWindow != null) {
                confidenceWindow.restore(s.confidenceWindow());
            }
        }
    }

    /** A monitor in a checkpoint. */
    public record State(
            DriftWindow.State window, int baselineEvents, Double[][] baseline, DriftWindow.State confidenceWindow) {}

    public DriftReport report(DriftThresholds thresholds) {
        DriftWindow.Snapshot s = window.snapshot();
        List<ColumnDrift> out = new ArrayList<>();
        List<NumericColumn> numeric = window.numericColumns();
        for (int i = 0; i < numeric.size(); i++) {
            out.add(DriftCalculator.numeric(numeric.get(i), s.numeric(i), thresholds));
        }
        List<CategoricalColumn> categorical = window.categoricalColumns();
        for (int j = 0; j < categorical.size(); j++) {
            out.add(DriftCalculator.categorical(
                    categorical.get(j),
                    s.categorical(numeric.size(), j),
                    s.categories().get(j),
                    thresholds));
        }
        List<String> notes = new ArrayList<>(columns.notes());
        DriftWindow confidence;
        int filled;
        synchronized (this) {
            confidence = confidenceWindow;
            filled = baselineEvents;
        }
        if (confidence != null) {
            DriftWindow.Snapshot cs = confidence.snapshot();
            for (int i = 0; i < confidence.numericColumns().size(); i++) {
                out.add(DriftCalculator.numeric(confidence.numericColumns().get(i), cs.numeric(i), thresholds));
            }
        } else if (baseline.length > 0) {
            notes.add("confidence drift starts after the first " + baseline[0].length
                    + " predictions of this version (baseline: " + filled + " so far)");
        }
        return DriftCalculator.report(
                reference.modelName(),
                reference.modelVersion(),
                reference.source(),
                s.events(),
                out,
                thresholds,
                notes);
    }
}
