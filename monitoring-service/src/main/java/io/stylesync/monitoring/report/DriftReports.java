package io.stylesync.monitoring.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.stylesync.common.error.ProblemException;
import io.stylesync.monitoring.drift.ColumnDrift;
import io.stylesync.monitoring.drift.DriftReport;
import io.stylesync.monitoring.drift.DriftThresholds;
import io.stylesync.monitoring.events.ModelMonitor;
import io.stylesync.monitoring.events.ModelMonitors;
import java.util.ArrayList;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Computes drift reports and publishes the latest model version's as gauges: per column
 * {@code stylesync_drift_score{feature,kind,test}}, {@code stylesync_drift_p_value{feature,kind}} (p-value
 * tests only), {@code stylesync_drift_detected{feature,kind}}, {@code stylesync_drift_psi{feature,kind}}, and
 * {@code stylesync_drift_dataset_share}, {@code stylesync_drift_dataset_detected}. Refreshed every
 * {@code stylesync.monitoring.refresh-interval} and whenever a report is asked for.
 */
@Component
public class DriftReports {

    private final ModelMonitors monitors;
    private final DriftThresholds thresholds = DriftThresholds.EVIDENTLY;
    private final MultiGauge score;
    private final MultiGauge pValue;
    private final MultiGauge detected;
    private final MultiGauge psi;
    private volatile DriftReport last;

    public DriftReports(ModelMonitors monitors, MeterRegistry registry) {
        this.monitors = monitors;
        this.score = MultiGauge.builder("stylesync.drift.score")
                .description("Drift score of a column (p-value or distance, as the test gives)")
                .register(registry);
        this.pValue = MultiGauge.builder("stylesync.drift.p.value")
                .description("p-value of a column's drift test")
                .register(registry);
        this.detected = MultiGauge.builder("stylesync.drift.detected")
                .description("1 when a column drifted")
                .register(registry);
        this.psi = MultiGauge.builder("stylesync.drift.psi")
                .description("Population stability index of a column")
                .register(registry);
        Gauge.builder("stylesync.drift.dataset.share", this, r -> r.last == null ? Double.NaN : r.last.driftedShare())
                .description("Share of drifted input columns")
                .register(registry);
        Gauge.builder("stylesync.drift.dataset.detected", this, r -> r.last == null ? 0 : r.last.datasetDrift() ? 1 : 0)
                .description("1 when the share of drifted input columns reaches the dataset threshold")
                .register(registry);
    }

    /** The report of one version, or of the latest when both are null. */
    public DriftReport report(String model, String version) {
        ModelMonitor monitor;
        if (model == null && version == null) {
            monitor = monitors.latest()
                    .orElseThrow(() -> ProblemException.notFound(
                            "no model version is monitored yet: no events received and no reference loaded at start"));
        } else if (model == null || version == null) {
            throw ProblemException.badRequest("give both 'model' and 'version', or neither for the latest");
        } else {
            monitor = monitors.get(model, version)
                    .orElseThrow(() ->
                            ProblemException.notFound("model " + model + " version " + version + " is not monitored"
                                    + monitors.failure(model, version)
                                            .map(f -> ": " + f)
                                            .orElse("")));
        }
        DriftReport report = monitor.report(thresholds);
        if (monitors.latest().orElse(null) == monitor) {
            publish(report);
        }
        return report;
    }

    @Scheduled(fixedDelayString = "${stylesync.monitoring.refresh-interval:PT15S}")
    public void refresh() {
        monitors.latest().ifPresent(m -> publish(m.report(thresholds)));
    }

    private synchronized void publish(DriftReport report) {
        last = report;
        List<MultiGauge.Row<?>> scores = new ArrayList<>();
        List<MultiGauge.Row<?>> pValues = new ArrayList<>();
        List<MultiGauge.Row<?>> flags = new ArrayList<>();
        List<MultiGauge.Row<?>> psis = new ArrayList<>();
        for (ColumnDrift c : report.columns()) {
            if (c.score() == null) {
                continue;
            }
            Tags tags = Tags.of("feature", c.feature(), "kind", c.kind());
            scores.add(MultiGauge.Row.of(tags.and("test", c.test()), c.score()));
            if (c.pValue() != null) {
                pValues.add(MultiGauge.Row.of(tags, c.pValue()));
            }
            flags.add(MultiGauge.Row.of(tags, c.drifted() ? 1 : 0));
            if (c.psi() != null) {
                psis.add(MultiGauge.Row.of(tags, c.psi()));
            }
        }
        score.register(scores, true);
        pValue.register(pValues, true);
        detected.register(flags, true);
        psi.register(psis, true);
    }

    public DriftReport last() {
        return last;
    }
}
