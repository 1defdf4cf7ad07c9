package io.stylesync.inference.similar;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Exact cosine nearest neighbours over L2-normalised embeddings held in one flat array. A catalogue of
 * 10,000 items of 1,280 dimensions is 12.8 M multiply-adds per query, a few milliseconds: no
 * approximate index is needed at this size.
 */
public final class EmbeddingIndex {

    public record Hit(CatalogueItem item, double score) {}

    private final List<CatalogueItem> items;
    private final float[] vectors;
    private final int dim;
    private final Set<String> attributes;

    /** @param vectors {@code items.size() x dim}, row-major, already L2-normalised */
    public EmbeddingIndex(List<CatalogueItem> items, float[] vectors, int dim) {
        if (vectors.length != (long) items.size() * dim) {
            throw new IllegalArgumentException(
                    items.size() + " items need " + (long) items.size() * dim + " floats, got " + vectors.length);
        }
        this.items = List.copyOf(items);
        this.vectors = vectors;
        this.dim = dim;
        this.attributes = items.stream()
                .flatMap(i -> i.labels().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public static void normalise(float[] v, int offset, int dim) {
        double sq = 0;
        for (int j = 0; j < dim; j++) {
            sq += (double) v[offset + j] * v[offset + j];
        }
        float inv = sq == 0 ? 0 : (float) (1 / Math.sqrt(sq));
        for (int j = 0; j < dim; j++) {
            v[offset + j] *= inv;
        }
    }

    public int size() {
        return items.size();
    }

    public int dim() {
        return dim;
    }

    /** The label attributes the items carry (what a filter may name). */
    public Set<String> attributes() {
        return attributes;
    }

    public List<CatalogueItem> items() {
        return items;
    }

    public float[] vectors() {
        return vectors;
    }

    public CatalogueItem find(String id) {
        for (CatalogueItem item : items) {
            if (item.id().equals(id)) {
                return item;
            }
        }
        return null;
    }

    public float[] vectorOf(CatalogueItem item) {
        int i = items.indexOf(item);
        float[] v = new float[dim];
        System.arraycopy(vectors, i * dim, v, 0, dim);
        return v;
    }

    /**
     * The {@code k} items most similar to {@code query} whose labels contain every {@code filters} entry.
     *
     * @param exclude an item id to leave out (the query item itself), or null
     */
    public List<Hit> search(float[] query, int k, Map<String, String> filters, String exclude) {
        float[] q = query.clone();
        normalise(q, 0, dim);
        PriorityQueue<Hit> best = new PriorityQueue<>(Comparator.comparingDouble(Hit::score));
        for (int i = 0; i < items.size(); i++) {
            CatalogueItem item = items.get(i);
            if (!matches(item, filters) || item.id().equals(exclude)) {
                continue;
            }
            double s = 0;
            for (int j = 0, o = i * dim; j < dim; j++, o++) {
                s += q[j] * vectors[o];
            }
            if (best.size() < k) {
                best.add(new Hit(item, s));
            } else if (s > best.peek().score()) {
                best.poll();
                best.add(new Hit(item, s));
            }
        }
        List<Hit> hits = new ArrayList<>(best);
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return hits;
    }

    private static boolean matches(CatalogueItem item, Map<String, String> filters) {
        for (var f : filters.entrySet()) {
            if (!f.getValue().equalsIgnoreCase(item.labels().get(f.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
