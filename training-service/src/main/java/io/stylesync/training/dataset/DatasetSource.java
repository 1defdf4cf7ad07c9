package io.stylesync.training.dataset;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.storage.ObjectNotFoundException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads committed dataset versions that ingest-service wrote (see docs/contracts.md). */
@Component
public class DatasetSource {

    private final ObjectStore store;
    private final JsonMapper json;
    private final String bucket;

    public DatasetSource(ObjectStore store, JsonMapper json, StorageProperties storage) {
        this.store = store;
        this.json = json;
        this.bucket = storage.bucket();
    }

    /** The manifest of a version, whichever dataset it belongs to; 422 when there is none. */
    public DatasetManifest manifest(String version) {
        for (S3Location datasetFolder : store.listFolders(S3Location.of(bucket, DatasetPaths.ROOT))) {
            String dataset = datasetFolder.key().split("/")[1];
            try {
                return json.readValue(store.readAllBytes(DatasetPaths.manifest(bucket, dataset, version), 16L << 20),
                        DatasetManifest.class);
            } catch (ObjectNotFoundException notHere) {
                // try the next dataset
            }
        }
        throw ProblemException.unprocessable("dataset-not-found", "no committed dataset version " + version
                + " in bucket " + bucket).with("field", "datasetVersion");
    }

    public List<DatasetRecord> records(DatasetManifest m) {
        List<DatasetRecord> records = new ArrayList<>();
        S3Location location = prefix(m).resolve(DatasetPaths.RECORDS);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(store.open(location), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(json.readValue(line, DatasetRecord.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
        return records;
    }

    public byte[] image(DatasetManifest m, DatasetRecord r) {
        return store.readAllBytes(prefix(m).resolve(r.key()), 64L << 20);
    }

    public byte[] file(DatasetManifest m, String name) {
        return store.readAllBytes(prefix(m).resolve(name), 256L << 20);
    }

    private S3Location prefix(DatasetManifest m) {
        return DatasetPaths.versionPrefix(bucket, m.dataset(), m.version());
    }
}
