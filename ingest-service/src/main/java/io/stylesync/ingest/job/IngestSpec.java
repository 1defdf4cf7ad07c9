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
        int minClassCount) {}
