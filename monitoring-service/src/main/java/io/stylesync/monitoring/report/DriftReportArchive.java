package io.stylesync.monitoring.report;

import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.monitoring.drift.DriftReport;
import io.stylesync.monitoring.drift.DriftThresholds;
import io.stylesync.monitoring.events.ModelMonitor;
import io.stylesync.monitoring.events.ModelMonitors;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Archives every monitored version's drift report on a schedule, as {@code
 * monitoring/reports/<model>/<version>/<timestamp>.json} and {@code .html}, so a user can look back in time after the
 * window has moved on.
 */
@Component
class DriftReportArchive {

    private static final Logger log = LoggerFactory.getLogger(DriftReportArchive.class);
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ModelMonitors monitors;
    private final DriftThresholds thresholds = DriftThresholds.EVIDENTLY;
    private final ObjectStore store;
    private final JsonMapper json;
    private final String bucket;

    DriftReportArchive(ModelMonitors monitors, ObjectStore store, StorageProperties storage, JsonMapper json) {
        this.monitors = monitors;
        this.store = store;
        this.json = json;
        this.bucket = storage.bucket();
    }

    @Scheduled(
            fixedDelayString = "${stylesync.monitoring.checkpoint.report-interval:PT1H}",
            initialDelayString = "${stylesync.monitoring.checkpoint.report-interval:PT1H}")
    void archive() {
        for (ModelMonitor monitor : monitors.all()) {
            if (monitor.windowEvents() == 0) {
                continue;
            }
            DriftReport report = monitor.report(thresholds);
            String base = "monitoring/reports/" + report.modelName() + "/" + report.modelVersion() + "/"
                    + STAMP.format(report.computedAt());
            try {
                // the page first: a listed .json means both are there
                store.put(
                        S3Location.of(bucket, base + ".html"),
                        DriftPage.render(report).getBytes(StandardCharsets.UTF_8),
                        "text/html; charset=utf-8");
                store.put(S3Location.of(bucket, base + ".json"), json.writeValueAsBytes(report), "application/json");
            } catch (RuntimeException e) {
                log.warn("Drift report of {} not archived: {}", base, e.getMessage());
            }
        }
    }
}
