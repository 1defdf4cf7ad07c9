package io.stylesync.training.dataset;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The committed dataset versions ingest-service wrote (docs/contracts.md), as training needs them. */
@Component
public class DatasetSource {

    private final DatasetReader reader;

    public DatasetSource(ObjectStore store, JsonMapper json, StorageProperties storage) {
        this.reader = new DatasetReader(store, json, storage.bucket());
    }

    /** The manifest of a version, whichever dataset it belongs to; 422 when there is none. */
    public DatasetManifest manifest(String version) {
        return reader.findVersion(version)
                .orElseThrow(() -> ProblemException.unprocessable(
                                "dataset-not-found",
                                "no committed dataset version " + version + " in bucket " + reader.bucket())
                        .with("field", "datasetVersion"));
    }

    public List<DatasetRecord> records(DatasetManifest m) {
        return reader.records(m);
    }

    public byte[] image(DatasetManifest m, DatasetRecord r) {
        return reader.file(m, r.key(), 64L << 20);
    }

    public byte[] file(DatasetManifest m, String name) {
        return reader.file(m, name, 256L << 20);
    }
}
