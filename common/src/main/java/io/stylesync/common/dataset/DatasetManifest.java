package io.stylesync.common.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The commit point of a dataset version: written last, so a version without a manifest does
 * not exist. Everything a trainer needs to find the data is here; per-image detail is in the
 * {@code records.jsonl} file it names (with its SHA-256, so a reader can verify it).
 *
 * @param textColumns the source columns whose text the records carry in {@link DatasetRecord#text} (a Kaggle
 *                    {@code productDisplayName}): descriptive, never targets; empty in versions written before
 */
public record DatasetManifest(
        int schemaVersion,
        String dataset,
        String version,
        Instant createdAt,
        String source,
        String layout,
        List<String> targetAttributes,
        List<String> textColumns,
        String stratifyBy,
        SplitRatios splitRatios,
        long seed,
        Preprocessing preprocessing,
        Map<String, List<String>> labelMaps,
        Counts counts,
        Map<String, String> files,
        String recordsSha256,
        String previousVersion) {

    public static final int SCHEMA_VERSION = 1;

    public DatasetManifest {
        textColumns = textColumns == null ? List.of() : textColumns;
    }

    /** How the stored images were produced from the sources. */
    public record Preprocessing(
            int width, int height, String resize, String format, float quality, String fingerprint) {}

    /** Totals; {@code reused} images were copied from {@code previousVersion} instead of re-processed. */
    public record Counts(
            long objectsListed,
            long metadataRows,
            long accepted,
            long rejected,
            long train,
            long val,
            long test,
            long rowsWithoutImage,
            long imagesWithoutRow,
            long processed,
            long reused) {}
}
