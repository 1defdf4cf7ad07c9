package io.stylesync.inference.search;

import io.stylesync.inference.similar.CatalogueStatus;
import io.stylesync.inference.similar.SimilarItems;
import java.util.List;
import java.util.Map;

/** The answer of {@code /api/v1/search}: catalogue items ranked by how well their image matches the query. */
public record SearchResults(
        String query,
        String model,
        String modelVersion,
        CatalogueStatus catalogue,
        Map<String, String> filters,
        List<SimilarItems.Item> results) {}
