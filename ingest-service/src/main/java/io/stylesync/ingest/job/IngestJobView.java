package io.stylesync.ingest.job;

import io.stylesync.common.job.JobSnapshot;
import java.time.Instant;

/** What {@code GET /api/v1/ingest-jobs/{id}} returns: a consistent snapshot of a job, and its stored record. */
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
        String manifest)
        implements JobSnapshot<IngestJobView> {

    @Override
    public boolean active() {
        return state == JobState.QUEUED || state == JobState.RUNNING;
    }

    @Override
    public IngestJobView interrupted(String reason, Instant at) {
        return new IngestJobView(
                id,
                dataset,
                version,
                JobState.INTERRUPTED,
                phase,
                unchanged,
                counts,
                percent,
                null,
                submittedAt,
                startedAt,
                at,
                reason,
                manifest);
    }

    public record Counts(
            long objectsListed, long candidates, long processed, long accepted, long rejected, long reused) {}
}
