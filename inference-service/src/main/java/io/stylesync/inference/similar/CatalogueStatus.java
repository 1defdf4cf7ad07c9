package io.stylesync.inference.similar;

/**
 * Where the similar-item index stands.
 *
 * @param state    DISABLED, EMPTY (no model yet), BUILDING, READY or FAILED
 * @param embedded catalogue images embedded so far
 * @param total    catalogue images to embed
 */
public record CatalogueStatus(
        String state,
        String dataset,
        String datasetVersion,
        String modelVersion,
        int embedded,
        int total,
        String error) {}
