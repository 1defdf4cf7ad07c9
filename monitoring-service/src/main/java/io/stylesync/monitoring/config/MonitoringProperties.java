package io.stylesync.monitoring.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBatchEvents    events one {@code POST /api/v1/events} may carry; more is a 413
 * @param predictionLogSize recent prediction ids remembered for feedback (least recently used go first)
 * @param refreshInterval   how often the drift gauges are recomputed
 * @param maxModelVersions  model versions monitored at once (the least recently active one is dropped)
 * @param checkpoint        where and how often the windows, live accuracy and prediction log are saved
 */
@Validated
@ConfigurationProperties("stylesync.monitoring")
public record MonitoringProperties(
        @DefaultValue @Valid Window window,
        @DefaultValue Reference reference,
        @DefaultValue("1000") int maxBatchEvents,
        @DefaultValue("10000") int predictionLogSize,
        @DefaultValue("PT15S") Duration refreshInterval,
        @DefaultValue("4") int maxModelVersions,
        @DefaultValue @Valid Checkpoint checkpoint) {

    /**
     * The monitoring state, saved in the service's bucket and loaded at start, so a restart loses at most the events
     * of the last {@code interval}.
     *
     * @param key            one object per monitoring deployment (replicas each need their own)
     * @param reportInterval how often each monitored version's drift report is archived, as JSON and HTML, under
     *                       {@code monitoring/reports/<model>/<version>/<timestamp>}
     */
    public record Checkpoint(
            @DefaultValue("true") boolean enabled,

            @DefaultValue("PT30S") @jakarta.validation.constraints.NotNull
            Duration interval,

            @DefaultValue("monitoring/checkpoint.json")
            @jakarta.validation.constraints.Pattern(
                    regexp = "[A-Za-z0-9._/-]+",
                    message = "must be an S3 key of letters, digits and ._/-")
            String key,

            @DefaultValue("PT1H") @jakarta.validation.constraints.NotNull
            Duration reportInterval) {}

    /**
     * The current window: the last {@code buckets} buckets of {@code eventsPerBucket} events each (count
     * window, the default: 10 x 500 = the last 5,000 events), or of {@code bucketDuration} each when set (time
     * window, by arrival time).
     *
     * @param maxCellEdges       reference values that anchor a numeric column's cells (>= 1000 keeps KS exact)
     * @param maxCategories      labels a categorical column tracks; later new ones share one "(other)" category
     * @param confidenceBaseline the first predictions of a model version whose confidences become the
     *                           reference for confidence drift (the bundle holds no confidence reference)
     */
    public record Window(
            @DefaultValue("10") int buckets,
            @DefaultValue("500") long eventsPerBucket,
            Duration bucketDuration,

            @DefaultValue("1000") @Min(value = 1000, message = "must be >= 1000 (exact KS)")
            int maxCellEdges,

            @DefaultValue("256") int maxCategories,
            @DefaultValue("1000") int confidenceBaseline) {}

    /**
     * Where a model version's reference comes from: MLflow (the registered version the events name, its
     * bundle's {@code reference-stats.json} and {@code embedding-stats.json}), or, with {@code dataset} and
     * {@code datasetVersion} set, the dataset version in S3 for every model version.
     *
     * @param startAlias alias whose version's reference is loaded at start (empty: none)
     * @param retryAfter how long a version whose reference could not be loaded is left before trying again
     */
    public record Reference(
            @DefaultValue("champion") String startAlias,
            String dataset,
            String datasetVersion,
            @DefaultValue("PT1M") Duration retryAfter) {

        public boolean fromDataset() {
            return dataset != null && !dataset.isBlank() && datasetVersion != null && !datasetVersion.isBlank();
        }
    }
}
