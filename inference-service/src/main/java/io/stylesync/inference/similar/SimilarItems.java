package io.stylesync.inference.similar;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /api/v1/similar}.
 *
 * @param catalogue the dataset version searched and its size
 */
public record SimilarItems(
        String model, String modelVersion, CatalogueStatus catalogue, Map<String, String> filters, List<Item> results) {

    /** @param imageUrl the item's processed image, served by this service */
    public record Item(String id, double score, Map<String, String> labels, String imageUrl) {}

    /** The hits as answered: scores rounded to 6 decimals. */
    public static List<Item> items(List<EmbeddingIndex.Hit> hits) {
        return hits.stream()
                .map(h -> new Item(
                        h.item().id(),
                        Math.round(h.score() * 1e6) / 1e6,
                        h.item().labels(),
                        h.item().imageUrl()))
                .toList();
    }
}
