package io.stylesync.ingest.job;

import io.stylesync.common.dataset.SplitRatios;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.storage.S3Location;
import io.stylesync.ingest.source.SourceLayout;
import java.util.List;

/** A validated ingest request with every default filled in. */
public record IngestSpec(
        S3Location source,
        SourceLayout layout,
        String dataset,
        List<String> targetAttributes,
        String stratifyBy,
        SplitRatios splitRatios,
        long seed,
        int imageSize,
        ResizePolicy resize,
        int minClassCount) {

    /** Classes with fewer images are reported (quality report) unless a request says otherwise. */
    public static final int DEFAULT_MIN_CLASS_COUNT = 10;
}
