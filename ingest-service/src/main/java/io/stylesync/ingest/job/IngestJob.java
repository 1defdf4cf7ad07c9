package io.stylesync.ingest.job;

import io.stylesync.common.job.AbstractQueuedJob;
import java.util.concurrent.atomic.AtomicLong;

/** The live state of one ingest job; the pipeline updates it and the API reads snapshots. */
public final class IngestJob extends AbstractQueuedJob<IngestSpec, IngestJobView> {

    private volatile JobState state = JobState.QUEUED;
    private volatile JobPhase phase = JobPhase.QUEUED;
    private volatile String version;
    private volatile String manifest;
    private volatile boolean unchanged;
    private volatile long processingStartedNanos;
    final AtomicLong objectsListed = new AtomicLong();
    final AtomicLong candidates = new AtomicLong();
    final AtomicLong processed = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong reused = new AtomicLong();

    IngestJob(IngestSpec spec) {
        super(spec);
    }

    public JobState state() {
        return state;
    }

    public String version() {
        return version;
    }

    void start() {
        markStarted();
        state = JobState.RUNNING;
    }

    void enter(JobPhase next) {
        if (next == JobPhase.PROCESSING) {
            processingStartedNanos = System.nanoTime();
        }
        phase = next;
    }

    void version(String v) {
        version = v;
    }

    void succeed(String manifestUri, boolean wasUnchanged) {
        manifest = manifestUri;
        unchanged = wasUnchanged;
        phase = JobPhase.DONE;
        markFinished(null);
        state = JobState.SUCCEEDED;
    }

    void fail(String cause) {
        markFinished(cause);
        state = JobState.FAILED;
    }

    void interrupt(String cause) {
        markFinished(cause);
        state = JobState.INTERRUPTED;
    }

    @Override
    public IngestJobView view() {
        JobPhase p = phase;
        long total = candidates.get();
        long done = processed.get();
        double within = p == JobPhase.PROCESSING && total > 0 ? (double) done / total : 0;
        double percent =
                state == JobState.SUCCEEDED ? 100 : p.startPercent() + within * (p.endPercent() - p.startPercent());
        Long eta = null;
        if (state == JobState.RUNNING && p == JobPhase.PROCESSING && done > 0) {
            double secondsPerImage = (System.nanoTime() - processingStartedNanos) / 1e9 / done;
            eta = Math.round(secondsPerImage * (total - done) * 1.1);
        }
        return new IngestJobView(
                id(),
                spec().dataset(),
                version,
                state,
                p,
                unchanged,
                new IngestJobView.Counts(
                        objectsListed.get(), total, done, accepted.get(), rejected.get(), reused.get()),
                Math.round(percent * 10) / 10.0,
                eta,
                submittedAt(),
                startedAt(),
                finishedAt(),
                error(),
                manifest);
    }
}
