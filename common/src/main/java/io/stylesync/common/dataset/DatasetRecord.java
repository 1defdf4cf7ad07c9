package io.stylesync.common.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One accepted image of a dataset version, one line of {@code records.jsonl}.
 *
 * @param id         the sample id (Kaggle {@code id}; for image folders the path below the class folder)
 * @param split      train, val or test
 * @param labels     target attribute name to class label
 * @param text       descriptive text of the item by column name (the {@link DatasetManifest#textColumns}, such as
 *                   {@code productDisplayName}): captions for text search, never a target, so no head, split or
 *                   statistic uses it; empty for items without it and in versions written before it existed
 * @param key        the processed image, relative to the version prefix ({@code images/<id>.jpg})
 * @param sha256     hash of the source bytes (duplicate detection, lineage)
 * @param sourceKey  the raw object's key, and its ETag and size as listed: what incremental ingest compares
 * @param width      decoded source width after EXIF orientation
 * @param height     decoded source height after EXIF orientation
 * @param features   the image statistics of {@code io.stylesync.common.features}, by wire name
 */
public record DatasetRecord(
        String id,
        Split split,
        Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> text,
        String key,
        String sha256,
        String sourceKey,
        String sourceEtag,
        long sourceBytes,
        int width,
        int height,
        Map<String, Double> features) {

    public DatasetRecord {
        text = text == null ? Map.of() : text;
    }

    public DatasetRecord withSplit(Split newSplit) {
        return new DatasetRecord(
                id, newSplit, labels, text, key, sha256, sourceKey, sourceEtag, sourceBytes, width, height, features);
    }

    public DatasetRecord withLabels(Map<String, String> newLabels) {
        return new DatasetRecord(
                id, split, newLabels, text, key, sha256, sourceKey, sourceEtag, sourceBytes, width, height, features);
    }

    /** The labels and the text together: what {@code io.stylesync.common.search.Captions} describes the item by. */
    public Map<String, String> labelsAndText() {
        if (text.isEmpty()) {
            return labels;
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.putAll(text);
        return all;
    }
}
