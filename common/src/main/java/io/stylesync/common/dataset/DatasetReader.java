package io.stylesync.common.dataset;

import io.stylesync.common.storage.ObjectNotFoundException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads committed dataset versions from the S3 layout of {@link DatasetPaths}: the one reader of
 * that contract, for ingest (previous versions), training and monitoring alike.
 */
public final class DatasetReader {

    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private final ObjectStore store;
    private final JsonMapper json;
    private final String bucket;

    public DatasetReader(ObjectStore store, JsonMapper json, String bucket) {
        this.store = store;
        this.json = json;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    public Optional<DatasetManifest> manifest(String dataset, String version) {
        try {
            return Optional.of(json.readValue(
                    store.readAllBytes(DatasetPaths.manifest(bucket, dataset, version), MAX_MANIFEST_BYTES),
                    DatasetManifest.class));
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

    /** A version by id, whichever dataset it belongs to (ids include the dataset name in their hash). */
    public Optional<DatasetManifest> findVersion(String version) {
        for (S3Location datasetFolder : store.listFolders(S3Location.of(bucket, DatasetPaths.ROOT))) {
            Optional<DatasetManifest> m = manifest(datasetFolder.key().split("/")[1], version);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** Streams the records of a committed version, in file order. */
    public void forEachRecord(DatasetManifest m, Consumer<DatasetRecord> action) {
        S3Location location = prefix(m).resolve(DatasetPaths.RECORDS);
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(store.open(location), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    action.accept(json.readValue(line, DatasetRecord.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    public List<DatasetRecord> records(DatasetManifest m) {
        List<DatasetRecord> records = new ArrayList<>();
        forEachRecord(m, records::add);
        return records;
    }

    /** A file of the version, by its path relative to the version prefix. */
    public byte[] file(DatasetManifest m, String relativePath, long maxBytes) {
        return store.readAllBytes(prefix(m).resolve(relativePath), maxBytes);
    }

    public S3Location prefix(DatasetManifest m) {
        return DatasetPaths.versionPrefix(bucket, m.dataset(), m.version());
    }
}
