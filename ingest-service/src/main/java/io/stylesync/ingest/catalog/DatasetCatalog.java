package io.stylesync.ingest.catalog;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.storage.ObjectNotFoundException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.common.storage.StoredObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private final ObjectStore store;
    private final JsonMapper json;
    private final String bucket;

    public DatasetCatalog(ObjectStore store, JsonMapper json, StorageProperties storage) {
        this.store = store;
        this.json = json;
        this.bucket = storage.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public Optional<DatasetManifest> manifest(String dataset, String version) {
        S3Location location = DatasetPaths.manifest(bucket, dataset, version);
        try {
            return Optional.of(json.readValue(store.readAllBytes(location, MAX_MANIFEST_BYTES), DatasetManifest.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every committed version of every dataset, newest first (two delimiter listings, one GET per version). */
    public List<DatasetManifest> list() {
        List<DatasetManifest> manifests = new ArrayList<>();
        for (S3Location datasetFolder : store.listFolders(S3Location.of(bucket, DatasetPaths.ROOT))) {
            for (S3Location versionFolder : store.listFolders(datasetFolder)) {
                String[] parts = versionFolder.key().split("/");
                manifest(parts[1], parts[2]).ifPresent(manifests::add);
            }
        }
        manifests.sort(Comparator.comparing(DatasetManifest::createdAt).reversed());
        return manifests;
    }

    public Optional<DatasetManifest> findVersion(String version) {
        return list().stream().filter(m -> m.version().equals(version)).findFirst();
    }

    /** The newest committed version of a dataset whose images were made with the same preprocessing. */
    public Optional<DatasetManifest> latestWithPreprocessing(String dataset, String fingerprint) {
        return list().stream()
                .filter(m -> m.dataset().equals(dataset) && m.preprocessing().fingerprint().equals(fingerprint))
                .findFirst();
    }

    /** The records of a committed version, keyed by source key. */
    public Map<String, DatasetRecord> recordsBySourceKey(DatasetManifest manifest) {
        Map<String, DatasetRecord> records = new HashMap<>();
        S3Location location = DatasetPaths.versionPrefix(bucket, manifest.dataset(), manifest.version()).resolve(DatasetPaths.RECORDS);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(store.open(location), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    DatasetRecord r = json.readValue(line, DatasetRecord.class);
                    records.put(r.sourceKey(), r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
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
