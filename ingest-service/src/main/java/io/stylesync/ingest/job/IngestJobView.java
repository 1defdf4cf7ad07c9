package io.stylesync.ingest.job;

import java.time.Instant;

/** What {@code GET /api/v1/ingest-jobs/{id}} returns: a consistent snapshot of a job. */
public record IngestJobView(
        String id,
        String dataset,
        String version,
        JobState state,
        JobPhase phase,
        boolean unchanged,
        Counts counts,
        double percent,
        Long etaSeconds,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        String error,
        String manifest) {

    public record Counts(
            long objectsListed, long candidates, long processed, long accepted, long rejected, long reused) {}
}
