package io.stylesync.common.dataset;

import java.util.Map;

/**
 * One accepted image of a dataset version, one line of {@code records.jsonl}.
 *
 * @param id         the sample id (Kaggle {@code id}; for image folders the path below the class folder)
 * @param split      train, val or test
 * @param labels     target attribute name to class label
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
        String key,
        String sha256,
        String sourceKey,
        String sourceEtag,
        long sourceBytes,
        int width,
        int height,
        Map<String, Double> features) {

    public DatasetRecord withSplit(Split newSplit) {
        return new DatasetRecord(
                id, newSplit, labels, key, sha256, sourceKey, sourceEtag, sourceBytes, width, height, features);
    }

    public DatasetRecord withLabels(Map<String, String> newLabels) {
        return new DatasetRecord(
                id, split, newLabels, key, sha256, sourceKey, sourceEtag, sourceBytes, width, height, features);
    }
}
