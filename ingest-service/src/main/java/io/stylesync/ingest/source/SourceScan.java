package io.stylesync.ingest.source;

import io.stylesync.common.storage.StoredObject;
import java.util.List;
import java.util.Optional;

/**
 * What a listing of the source found, classified by layout.
 *
 * @param images          candidate images, in key order
 * @param metadata        {@code styles.csv} for the Kaggle layout
 * @param ignored         objects that are neither (wrong extension, files outside class folders)
 * @param duplicateImages images whose id another image already has (e.g. {@code 1.jpg} and {@code 1.png})
 */
public record SourceScan(
        List<SourceImage> images,
        Optional<StoredObject> metadata,
        List<StoredObject> ignored,
        List<SourceImage> duplicateImages,
        long objectCount) {}
