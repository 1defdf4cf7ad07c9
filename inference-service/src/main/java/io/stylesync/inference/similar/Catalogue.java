package io.stylesync.inference.similar;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.embedding.EmbeddingCache;
import io.stylesync.common.embedding.EmbeddingKey;
import io.stylesync.common.embedding.Embeddings;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.model.AliasWatcher;
import io.stylesync.inference.model.ServingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue for similar-item search and the style advisor: the dataset version the served model
 * was trained on (its bundle's lineage), every image embedded with the model's backbone. Built in the
 * background when a model starts serving. Embeddings depend only on the dataset version, the backbone file and
 * the preprocessing, so they come from common's {@link EmbeddingCache}: training shares there what it computed
 * for the same key (a fine-tuned backbone has its own SHA-256, so its own entry), and only images the cache lacks
 * go through the backbone here.
 */
@Component
public class Catalogue {

    private static final Logger log = LoggerFactory.getLogger(Catalogue.class);
    private static final int EMBED_BATCH = 16;

    /** What an index was built from; a model can query an index only if it has the same key. */
    record Key(String backboneSha256, String preprocessing, String dataset, String datasetVersion) {
        /** Training caches the same embeddings under this key (common's embedding cache). */
        EmbeddingKey embeddingKey() {
            return new EmbeddingKey(datasetVersion, backboneSha256, preprocessing);
        }
    }

    private record Built(Key key, EmbeddingIndex index) {}

    private final InferenceProperties.Similar config;
    private final EmbeddingCache cache;
    private final Counter embeddedImages;
    private final DatasetReader datasets;
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalogue-index");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private volatile Built built;
    private volatile CatalogueStatus status;
    private volatile Future<?> building;

    public Catalogue(
            InferenceProperties props,
            ObjectStore store,
            StorageProperties storage,
            JsonMapper json,
            AliasWatcher watcher,
            MeterRegistry registry) {
        this.config = props.similar();
        this.cache = new EmbeddingCache(props.cacheDir().resolve("embeddings"), store, storage.bucket());
        this.datasets = new DatasetReader(store, json, storage.bucket());
        this.status = new CatalogueStatus(config.enabled() ? "EMPTY" : "DISABLED", null, null, null, 0, 0, 0, null);
        this.embeddedImages = Counter.builder("stylesync.inference.catalogue.images.embedded")
                .description("catalogue images forwarded through the backbone (embeddings found in the cache do not"
                        + " count)")
                .register(registry);
        registry.gauge(
                "stylesync.inference.catalogue.items",
                this,
                c -> c.built == null ? 0 : c.built.index().size());
        if (config.enabled()) {
            watcher.onLoad(this::rebuildFor);
        }
    }

    public CatalogueStatus status() {
        return status;
    }

    static Key keyOf(ServingModel model) {
        var lineage = model.bundle().manifest().lineage();
        String dataset = lineage.get("dataset.name");
        String version = lineage.get("dataset.version");
        if (dataset == null || version == null) {
            return null;
        }
        return new Key(
                model.bundle().manifest().backbone().sha256(),
                model.bundle().manifest().preprocessing().fingerprint(),
                dataset,
                version);
    }

    private synchronized void rebuildFor(ServingModel model) {
        Key key = keyOf(model);
        if (key == null) {
            status = new CatalogueStatus(
                    "FAILED", null, null, model.version(), 0, 0, 0, "the model's bundle names no dataset version");
            return;
        }
        if (built != null && built.key().equals(key)) {
            status = new CatalogueStatus(
                    "READY",
                    key.dataset(),
                    key.datasetVersion(),
                    model.version(),
                    built.index().size(),
                    built.index().size(),
                    status.reused(),
                    null);
            return;
        }
        if (building != null) {
            building.cancel(true);
        }
        status = new CatalogueStatus("BUILDING", key.dataset(), key.datasetVersion(), model.version(), 0, 0, 0, null);
        building = builder.submit(() -> build(model, key));
    }

    private void build(ServingModel model, Key key) {
        try {
            DatasetManifest manifest = datasets.manifest(key.dataset(), key.datasetVersion())
                    .orElseThrow(() -> new IllegalStateException(
                            "dataset " + key.dataset() + " version " + key.datasetVersion() + " is not in S3"));
            List<CatalogueItem> items = new ArrayList<>();
            List<String> splits =
                    config.splits().stream().map(s -> s.trim().toLowerCase()).toList();
            for (DatasetRecord r : datasets.records(manifest)) {
                if (splits.contains(r.split().name().toLowerCase())) {
                    items.add(new CatalogueItem(r.id(), r.labels(), r.key()));
                }
            }
            items.sort(Comparator.comparing(CatalogueItem::id));
            if (items.size() > config.maxItems()) {
                items = new ArrayList<>(items.subList(0, config.maxItems()));
            }
            EmbeddingKey cacheKey = key.embeddingKey();
            Map<String, float[]> rows = new HashMap<>();
            Optional<Embeddings> cached = cache.load(cacheKey);
            if (cached.isPresent() && cached.get().dim() == model.featureDim()) {
                rows.putAll(cached.get().byId());
            }
            List<CatalogueItem> missing =
                    items.stream().filter(i -> !rows.containsKey(i.id())).toList();
            int reused = items.size() - missing.size();
            if (!missing.isEmpty()) {
                Embeddings fresh = embed(model, manifest, missing, key, reused, items.size());
                rows.putAll(fresh.byId());
                cache.save(cacheKey, merged(cached.orElse(null), fresh));
            }
            EmbeddingIndex index = index(items, rows, model.featureDim());
            built = new Built(key, index);
            status = new CatalogueStatus(
                    "READY",
                    key.dataset(),
                    key.datasetVersion(),
                    model.version(),
                    index.size(),
                    index.size(),
                    reused,
                    null);
            log.info(
                    "Catalogue index ready: {} items of {} {} ({} embeddings reused from the cache)",
                    index.size(),
                    key.dataset(),
                    key.datasetVersion(),
                    reused);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Catalogue index for {} failed", model, e);
            status = new CatalogueStatus(
                    "FAILED", key.dataset(), key.datasetVersion(), model.version(), 0, 0, 0, e.getMessage());
        }
    }

    /** Raw backbone embeddings of {@code items} (those that decode), in order. */
    private Embeddings embed(
            ServingModel model, DatasetManifest manifest, List<CatalogueItem> items, Key key, int reused, int total)
            throws InterruptedException {
        var pre = model.preprocessor();
        int len = pre.config().tensorLength();
        int dim = model.featureDim();
        List<String> ids = new ArrayList<>(items.size());
        List<float[]> vectors = new ArrayList<>(items.size());
        float[] batch = new float[EMBED_BATCH * len];
        int n = 0;
        for (int i = 0; i < items.size(); i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            CatalogueItem item = items.get(i);
            try {
                byte[] bytes = datasets.file(manifest, item.imageKey(), DecodeLimits.DEFAULT_MAX_BYTES);
                pre.toTensor(pre.resize(decoder.decode(bytes)), batch, n * len);
                ids.add(item.id());
                n++;
            } catch (InvalidImageException e) {
                log.warn("catalogue image {} skipped: {}", item.id(), e.getMessage());
            }
            if (n == EMBED_BATCH || (i == items.size() - 1 && n > 0)) {
                if (!model.acquire()) {
                    throw new InterruptedException("model retired while its catalogue was being built");
                }
                try {
                    float[] out = model.embed(n == EMBED_BATCH ? batch : Arrays.copyOf(batch, n * len), n);
                    for (int j = 0; j < n; j++) {
                        vectors.add(Arrays.copyOfRange(out, j * dim, (j + 1) * dim));
                    }
                } finally {
                    model.release();
                }
                embeddedImages.increment(n);
                n = 0;
                status = new CatalogueStatus(
                        "BUILDING",
                        key.dataset(),
                        key.datasetVersion(),
                        model.version(),
                        reused + vectors.size(),
                        total,
                        reused,
                        null);
            }
        }
        return new Embeddings(ids, vectors.toArray(float[][]::new));
    }

    /** What was cached before plus what was just embedded, for the local cache. */
    private static Embeddings merged(Embeddings cached, Embeddings fresh) {
        if (cached == null) {
            return fresh;
        }
        List<String> ids = new ArrayList<>(cached.ids());
        ids.addAll(fresh.ids());
        float[][] vectors = Arrays.copyOf(cached.vectors(), cached.size() + fresh.size());
        System.arraycopy(fresh.vectors(), 0, vectors, cached.size(), fresh.size());
        return new Embeddings(ids, vectors);
    }

    /** The items that have an embedding, in catalogue order, each row L2-normalised for cosine search. */
    private static EmbeddingIndex index(List<CatalogueItem> items, Map<String, float[]> rows, int dim) {
        List<CatalogueItem> kept = new ArrayList<>(items.size());
        for (CatalogueItem item : items) {
            if (rows.containsKey(item.id())) {
                kept.add(item);
            }
        }
        float[] vectors = new float[kept.size() * dim];
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(rows.get(kept.get(i).id()), 0, vectors, i * dim, dim);
            EmbeddingIndex.normalise(vectors, i * dim, dim);
        }
        return new EmbeddingIndex(kept, vectors, dim);
    }

    /** The index, if it was built for the same backbone, preprocessing and dataset as {@code model}. */
    public EmbeddingIndex indexFor(ServingModel model) {
        Built b = built;
        Key key = keyOf(model);
        if (b == null || !b.key().equals(key)) {
            CatalogueStatus s = status;
            String detail = switch (s.state()) {
                case "DISABLED" -> null;
                case "BUILDING" ->
                    "the catalogue index is being built (" + s.embedded() + " of " + s.total() + " images)";
                case "FAILED" -> "the catalogue index could not be built: " + s.error();
                default -> "the catalogue index is not built yet";
            };
            if (detail == null) {
                throw new ProblemException(
                        404,
                        "similar-disabled",
                        "Similar-item search is off",
                        "similar-item search is disabled (stylesync.inference.similar.enabled=false)");
            }
            throw new ProblemException(503, "catalogue-not-ready", "Catalogue not ready", detail)
                    .with("retryAfterSeconds", 10)
                    .with("catalogue", s);
        }
        return b.index();
    }

    /** The processed image of a catalogue item, from the dataset in S3. */
    public byte[] image(CatalogueItem item) {
        Built b = built;
        DatasetManifest m = datasets.manifest(b.key().dataset(), b.key().datasetVersion())
                .orElseThrow(() ->
                        ProblemException.notFound("dataset version " + b.key().datasetVersion() + " is gone"));
        return datasets.file(m, item.imageKey(), DecodeLimits.DEFAULT_MAX_BYTES);
    }

    /** The items of the current index, whatever model built it (for the style advisor's filters). */
    public EmbeddingIndex current() {
        Built b = built;
        return b == null ? null : b.index();
    }
}
