package io.stylesync.inference.similar;

import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.model.AliasWatcher;
import io.stylesync.inference.model.ServingModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * background when a model starts serving; an index depends only on the backbone, the preprocessing and
 * the dataset, so versions that share those (every frozen-backbone retrain) reuse it, and it is cached
 * on disk for the next start.
 */
@Component
public class Catalogue {

    private static final Logger log = LoggerFactory.getLogger(Catalogue.class);
    private static final int MAGIC = 0x53534349; // "SSCI"
    private static final int EMBED_BATCH = 16;

    /** What an index was built from; a model can query an index only if it has the same key. */
    record Key(String backboneSha256, String preprocessing, String dataset, String datasetVersion) {
        String fileName() {
            return backboneSha256.substring(0, 16) + "-" + preprocessing + "-" + dataset + "-" + datasetVersion
                    + ".bin";
        }
    }

    private record Built(Key key, EmbeddingIndex index) {}

    private final InferenceProperties.Similar config;
    private final Path cacheDir;
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
        this.cacheDir = props.cacheDir().resolve("catalogue");
        this.datasets = new DatasetReader(store, json, storage.bucket());
        this.status = new CatalogueStatus(config.enabled() ? "EMPTY" : "DISABLED", null, null, null, 0, 0, null);
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
                    "FAILED", null, null, model.version(), 0, 0, "the model's bundle names no dataset version");
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
                    null);
            return;
        }
        if (building != null) {
            building.cancel(true);
        }
        status = new CatalogueStatus("BUILDING", key.dataset(), key.datasetVersion(), model.version(), 0, 0, null);
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
            Path file = cacheDir.resolve(key.fileName());
            EmbeddingIndex index = readCached(file, items);
            if (index == null) {
                index = embed(model, manifest, items, key);
                writeCache(file, index);
            }
            built = new Built(key, index);
            status = new CatalogueStatus(
                    "READY", key.dataset(), key.datasetVersion(), model.version(), index.size(), index.size(), null);
            log.info("Catalogue index ready: {} items of {} {}", index.size(), key.dataset(), key.datasetVersion());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            log.warn("Catalogue index for {} failed", model, e);
            status = new CatalogueStatus(
                    "FAILED", key.dataset(), key.datasetVersion(), model.version(), 0, 0, e.getMessage());
        }
    }

    private EmbeddingIndex embed(ServingModel model, DatasetManifest manifest, List<CatalogueItem> items, Key key)
            throws InterruptedException {
        var pre = model.preprocessor();
        int len = pre.config().tensorLength();
        int dim = model.featureDim();
        float[] vectors = new float[items.size() * dim];
        List<CatalogueItem> kept = new ArrayList<>(items.size());
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
                kept.add(item);
                n++;
            } catch (InvalidImageException e) {
                log.warn("catalogue image {} skipped: {}", item.id(), e.getMessage());
            }
            if (n == EMBED_BATCH || (i == items.size() - 1 && n > 0)) {
                if (!model.acquire()) {
                    throw new InterruptedException("model retired while its catalogue was being built");
                }
                try {
                    float[] out = model.embed(n == EMBED_BATCH ? batch : java.util.Arrays.copyOf(batch, n * len), n);
                    System.arraycopy(out, 0, vectors, (kept.size() - n) * dim, n * dim);
                } finally {
                    model.release();
                }
                n = 0;
                status = new CatalogueStatus(
                        "BUILDING",
                        key.dataset(),
                        key.datasetVersion(),
                        model.version(),
                        kept.size(),
                        items.size(),
                        null);
            }
        }
        float[] trimmed = kept.size() == items.size() ? vectors : java.util.Arrays.copyOf(vectors, kept.size() * dim);
        for (int i = 0; i < kept.size(); i++) {
            EmbeddingIndex.normalise(trimmed, i * dim, dim);
        }
        return new EmbeddingIndex(kept, trimmed, dim);
    }

    private static EmbeddingIndex readCached(Path file, List<CatalogueItem> items) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, CatalogueItem> byId = new LinkedHashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int n = in.readInt();
            int dim = in.readInt();
            List<CatalogueItem> kept = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                CatalogueItem item = byId.get(in.readUTF());
                if (item == null) {
                    return null; // the catalogue settings changed: rebuild
                }
                kept.add(item);
            }
            float[] vectors = new float[n * dim];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = in.readFloat();
            }
            return new EmbeddingIndex(kept, vectors, dim);
        } catch (java.io.EOFException truncated) {
            return null;
        }
    }

    private static void writeCache(Path file, EmbeddingIndex index) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(index.size());
            out.writeInt(index.dim());
            for (CatalogueItem item : index.items()) {
                out.writeUTF(item.id());
            }
            for (float v : index.vectors()) {
                out.writeFloat(v);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
