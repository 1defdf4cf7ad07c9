package io.stylesync.monitoring.drift;

/** The reference side of one monitored column. */
public sealed interface DriftColumn permits NumericColumn, CategoricalColumn {

    String name();

    DriftKind kind();

    /** Rows of reference data the tests run against (Evidently chooses its test by this number). */
    int referenceRows();
}
