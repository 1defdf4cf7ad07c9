package io.stylesync.ingest.processing;

import io.stylesync.common.dataset.DatasetRecord;

/** The result of one image: accepted (freshly processed or reused from the previous version) or rejected. */
public sealed interface ProcessingOutcome {

    record Accepted(DatasetRecord record, boolean reused, long bytesRead, long bytesWritten)
            implements ProcessingOutcome {}

    record Rejected(ImageRejection rejection, long bytesRead) implements ProcessingOutcome {}
}
