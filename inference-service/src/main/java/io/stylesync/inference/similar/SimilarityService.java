package io.stylesync.inference.similar;

import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ModelSlots;
import io.stylesync.inference.model.ServingModel;
import io.stylesync.inference.predict.ImageEmbedder;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Cosine top-k over the catalogue, for an uploaded image or a catalogue item. */
@Service
public class SimilarityService {

    public static final int MAX_TOP_K = 100;

    private final Catalogue catalogue;
    private final ImageEmbedder embedder;
    private final ModelSlots slots;

    public SimilarityService(Catalogue catalogue, ImageEmbedder embedder, ModelSlots slots) {
        this.catalogue = catalogue;
        this.embedder = embedder;
        this.slots = slots;
    }

    public SimilarItems similarToImage(byte[] bytes, String what, int topK, Map<String, String> filters) {
        checkTopK(topK);
        return embedder.embed(bytes, what, ModelRole.CHAMPION, e -> {
            EmbeddingIndex index = catalogue.indexFor(e.model());
            checkFilters(filters, index);
            return answer(e.model(), index.search(e.embedding().vector(), topK, filters, null), filters);
        });
    }

    public SimilarItems similarToItem(String id, int topK, Map<String, String> filters) {
        checkTopK(topK);
        ServingModel model = slots.acquire(ModelRole.CHAMPION);
        try {
            EmbeddingIndex index = catalogue.indexFor(model);
            checkFilters(filters, index);
            CatalogueItem item = index.find(id);
            if (item == null) {
                throw ProblemException.notFound("no catalogue item with id '" + id + "'");
            }
            return answer(model, index.search(index.vectorOf(item), topK, filters, id), filters);
        } finally {
            model.release();
        }
    }

    public CatalogueItem item(String id) {
        EmbeddingIndex index = catalogue.current();
        CatalogueItem item = index == null ? null : index.find(id);
        if (item == null) {
            throw ProblemException.notFound("no catalogue item with id '" + id + "'");
        }
        return item;
    }

    private SimilarItems answer(ServingModel model, List<EmbeddingIndex.Hit> hits, Map<String, String> filters) {
        return new SimilarItems(model.name(), model.version(), catalogue.status(), filters, SimilarItems.items(hits));
    }

    /** A filter names a label attribute the catalogue has, with a value: anything else is the caller's mistake. */
    public static void checkFilters(Map<String, String> filters, EmbeddingIndex index) {
        for (var f : filters.entrySet()) {
            if (!index.attributes().contains(f.getKey())) {
                throw ProblemException.badRequest("unknown filter attribute '" + f.getKey()
                                + "'; the catalogue's items have " + index.attributes())
                        .with("field", "filters");
            }
            if (f.getValue() == null || f.getValue().isBlank()) {
                throw ProblemException.badRequest("filter '" + f.getKey() + "' has no value")
                        .with("field", "filters");
            }
        }
    }

    public static void checkTopK(int topK) {
        if (topK < 1 || topK > MAX_TOP_K) {
            throw ProblemException.badRequest("topK must be between 1 and " + MAX_TOP_K + ", got " + topK)
                    .with("field", "topK");
        }
    }
}
