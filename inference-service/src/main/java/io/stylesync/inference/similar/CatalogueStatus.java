package io.stylesync.inference.similar;

/**
 * Where the similar-item index stands.
 *
 * @param state    DISABLED, EMPTY (no model yet), BUILDING, READY or FAILED
 * @param embedded catalogue images embedded so far
 * @param total    catalogue images to embed
 * @param reused   of those, how many embeddings came from the embedding cache (training shares what it computed
 *                 for the same dataset version, backbone and preprocessing) instead of the backbone
 */
public record CatalogueStatus(
        String state,
        String dataset,
        String datasetVersion,
        String modelVersion,
        int embedded,
        int total,
        int reused,
        String error) {}
