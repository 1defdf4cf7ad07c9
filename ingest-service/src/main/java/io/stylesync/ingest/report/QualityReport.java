package io.stylesync.ingest.report;

import io.stylesync.ingest.metadata.RowIssue;
import io.stylesync.ingest.processing.ImageRejection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The data-quality report of a dataset version ({@code quality-report.json}, rendered as
 * {@code quality-report.html}). Lists are complete except where named {@code ...Sample}.
 */
public record QualityReport(
        String dataset,
        String version,
        Instant generatedAt,
        String source,
        String layout,
        Summary summary,
        Map<String, Long> rejectedImagesByReason,
        Map<String, Long> rowIssuesByReason,
        List<ImageRejection> rejectedImages,
        List<RowIssue> rowIssues,
        List<String> imagesWithoutRow,
        List<String> rowsWithoutImageSample,
        List<String> ignoredObjectsSample,
        int minClassCount,
        Map<String, Map<String, Long>> classesBelowMinimum,
        Map<String, Map<String, Map<String, Long>>> labelDistributionBySplit) {

    public record Summary(
            long objectsListed,
            long imagesListed,
            long ignoredObjects,
            long metadataRows,
            long usableRows,
            long rowsWithoutImage,
            long imagesWithoutRow,
            long imagesWithUnusableRow,
            long imagesProcessed,
            long imagesReused,
            long imagesAccepted,
            long imagesRejected) {}

    public static final int SAMPLE_LIMIT = 100;
}
