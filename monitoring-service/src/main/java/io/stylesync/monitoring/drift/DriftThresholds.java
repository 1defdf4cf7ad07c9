package io.stylesync.monitoring.drift;

/**
 * When a column and the dataset count as drifted. The defaults are Evidently's (0.7.23, legacy
 * {@code calculations/stattests}): {@code StatTest.default_threshold = 0.05} for the p-value tests
 * (ks, chisquare, z), 0.1 for {@code wasserstein}, {@code jensenshannon} and {@code psi}; a reference of at
 * most 1,000 rows gets the p-value tests ({@code registry._get_default_stattest}); dataset drift when the
 * share of drifted columns is at least {@code DataDriftPreset.drift_share = 0.5}
 * ({@code data_drift.get_dataset_drift}).
 */
public record DriftThresholds(double pValue, double distance, double psi, int smallReferenceRows, double datasetShare) {

    public static final DriftThresholds EVIDENTLY = new DriftThresholds(0.05, 0.1, 0.1, 1000, 0.5);
}
