package io.stylesync.ingest.processing;

import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.storage.S3Location;
import java.util.Map;

/**
 * Where and how processed images are written, and what the previous version of the dataset
 * already processed with the same settings (by source key), for reuse.
 */
public record OutputSpec(
        S3Location versionPrefix,
        int size,
        ResizePolicy resize,
        float jpegQuality,
        S3Location previousVersionPrefix,
        Map<String, DatasetRecord> previousBySourceKey) {}
