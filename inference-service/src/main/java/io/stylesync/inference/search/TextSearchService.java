package io.stylesync.inference.search;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.search.TextEncoder;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ModelSlots;
import io.stylesync.inference.model.ServingModel;
import io.stylesync.inference.similar.Catalogue;
import io.stylesync.inference.similar.EmbeddingIndex;
import io.stylesync.inference.similar.SimilarItems;
import io.stylesync.inference.similar.SimilarityService;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Text → catalogue items, on the champion's bundle: its text encoder turns the query into a vector of the
 * backbone's feature space ({@link TextEncoder#featureQuery}), and the catalogue index similar-item search
 * already holds answers it, filters and all. A hot swap of the champion brings its own encoder and index.
 */
@Service
public class TextSearchService {

    /** Longer than any product description a shopper types; keeps a query's cost bounded. */
    public static final int MAX_QUERY_CHARS = 512;

    private final Catalogue catalogue;
    private final ModelSlots slots;

    public TextSearchService(Catalogue catalogue, ModelSlots slots) {
        this.catalogue = catalogue;
        this.slots = slots;
    }

    public SearchResults search(String query, int topK, Map<String, String> filters) {
        checkQuery(query);
        SimilarityService.checkTopK(topK);
        ServingModel model = slots.acquire(ModelRole.CHAMPION);
        try {
            TextEncoder encoder = model.bundle()
                    .textEncoder()
                    .orElseThrow(() -> new ProblemException(
                                    409,
                                    "no-text-encoder",
                                    "The served model has no text encoder",
                                    "model " + model.name() + " v" + model.version()
                                            + " was trained without text search; train a model with"
                                            + " \"textSearch\": true (POST /api/v1/training-runs on training-service)"
                                            + " and promote it to champion")
                            .with("model", model.name())
                            .with("modelVersion", model.version()));
            EmbeddingIndex index = catalogue.indexFor(model);
            SimilarityService.checkFilters(filters, index);
            var hits = index.search(encoder.featureQuery(query), topK, filters, null);
            return new SearchResults(
                    query, model.name(), model.version(), catalogue.status(), filters, SimilarItems.items(hits));
        } finally {
            model.release();
        }
    }

    private static void checkQuery(String query) {
        if (query == null || query.isBlank()) {
            throw ProblemException.badRequest("the query is empty: say what to look for, e.g. q=red dress")
                    .with("field", "query");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw ProblemException.badRequest(
                            "the query has " + query.length() + " characters; at most " + MAX_QUERY_CHARS)
                    .with("field", "query");
        }
        if (!TextEncoder.hasWords(query)) {
            throw ProblemException.badRequest("the query has no words (letters or digits) to search for")
                    .with("field", "query");
        }
    }
}
