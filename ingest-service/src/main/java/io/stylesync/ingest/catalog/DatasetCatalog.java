package io.stylesync.ingest.catalog;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.common.storage.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed dataset versions in the output bucket. A version exists when its manifest does;
 * anything else under {@code processed/} is a job in progress or a crashed job's leftover.
 */
@Component
public class DatasetCatalog {

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final ObjectStore store;
    private final DatasetReader reader;
    private final String bucket;

    public DatasetCatalog(ObjectStore store, JsonMapper json, StorageProperties storage) {
        this.store = store;
        this.reader = new DatasetReader(store, json, storage.bucket());
        this.bucket = storage.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public Optional<DatasetManifest> manifest(String dataset, String version) {
        return reader.manifest(dataset, version);
    }

    /** Every committed version of every dataset, newest first. */
    public List<DatasetManifest> list() {
        return reader.list();
    }

    public Optional<DatasetManifest> findVersion(String version) {
        return reader.findVersion(version);
    }

    /** The newest committed version of a dataset whose images were made with the same preprocessing. */
    public Optional<DatasetManifest> latestWithPreprocessing(String dataset, String fingerprint) {
        return list().stream()
                .filter(m -> m.dataset().equals(dataset)
                        && m.preprocessing().fingerprint().equals(fingerprint))
                .findFirst();
    }

    /** The records of a committed version, keyed by source key. */
    public Map<String, DatasetRecord> recordsBySourceKey(DatasetManifest manifest) {
        Map<String, DatasetRecord> records = new HashMap<>();
        reader.forEachRecord(manifest, r -> records.put(r.sourceKey(), r));
        return records;
    }

    /** Removes whatever a crashed attempt at this version left behind; a committed version is never touched. */
    public int clearUncommitted(String dataset, String version) {
        if (manifest(dataset, version).isPresent()) {
            throw new IllegalStateException("version " + version + " of " + dataset + " is committed");
        }
        return store.deleteAll(DatasetPaths.versionPrefix(bucket, dataset, version));
    }

    /**
     * Deletes version folders that have no manifest and whose newest object is older than
     * {@code grace}: leftovers of crashed jobs. The grace period protects jobs still running on
     * other replicas.
     */
    public int sweepOrphans(Duration grace) {
        Map<String, Instant> newestByVersion = new HashMap<>();
        Map<String, Boolean> committed = new HashMap<>();
        try (Stream<StoredObject> objects = store.list(S3Location.of(bucket, DatasetPaths.ROOT))) {
            objects.forEach(o -> {
                String[] parts = o.key().split("/");
                if (parts.length < 4) {
                    return;
                }
                String versionKey = parts[1] + "/" + parts[2];
                newestByVersion.merge(versionKey, o.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
                if (parts.length == 4 && parts[3].equals(DatasetPaths.MANIFEST)) {
                    committed.put(versionKey, true);
                }
            });
        }
        Instant cutoff = Instant.now().minus(grace);
        int removed = 0;
        for (var e : newestByVersion.entrySet()) {
            if (!committed.containsKey(e.getKey()) && e.getValue().isBefore(cutoff)) {
                String[] parts = e.getKey().split("/");
                int n = store.deleteAll(DatasetPaths.versionPrefix(bucket, parts[0], parts[1]));
                log.info("Removed {} objects of uncommitted version {} of dataset {}", n, parts[1], parts[0]);
                removed++;
            }
        }
        return removed;
    }
}
