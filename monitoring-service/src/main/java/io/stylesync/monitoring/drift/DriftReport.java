package io.stylesync.monitoring.drift;

import java.time.Instant;
import java.util.List;

/**
 * Drift of every column of one model version's window.
 *
 * @param driftedShare share of drifted input columns (image features and embedding summary: the data the
 *                     model reads); prediction and confidence drift are reported per column but not counted
 */
public record DriftReport(
        String modelName,
        String modelVersion,
        String referenceSource,
        Instant computedAt,
        long windowEvents,
        int inputColumns,
        int driftedInputColumns,
        double driftedShare,
        boolean datasetDrift,
        double datasetShareThreshold,
        List<ColumnDrift> columns,
        List<String> notes) {}
