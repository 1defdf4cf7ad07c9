package io.stylesync.common.embedding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Backbone embeddings, one row per dataset record id, as the backbone produced them (not normalised, never
 * augmented).
 */
public record Embeddings(List<String> ids, float[][] vectors) {

    public Embeddings {
        ids = List.copyOf(ids);
        if (ids.size() != vectors.length) {
            throw new IllegalArgumentException(ids.size() + " ids but " + vectors.length + " embedding rows");
        }
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + vectors[i].length + " values, row 0 has " + dim);
            }
        }
    }

    public int size() {
        return ids.size();
    }

    public int dim() {
        return vectors.length == 0 ? 0 : vectors[0].length;
    }

    /** Each id's row (the last one where an id repeats). */
    public Map<String, float[]> byId() {
        Map<String, float[]> rows = HashMap.newHashMap(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            rows.put(ids.get(i), vectors[i]);
        }
        return rows;
    }
}
