package io.stylesync.common.job;

import java.time.Instant;
import java.util.UUID;

/**
 * What every queued job has, whatever it does: an id, its request, and when it was submitted, started and finished
 * (with the error, if it failed). Subclasses add their own progress and build the snapshot.
 *
 * @param <S> the request the job runs
 * @param <V> the job's snapshot
 */
public abstract class AbstractQueuedJob<S, V extends JobSnapshot<V>> implements QueuedJob<V> {

    private final String id = UUID.randomUUID().toString();
    private final S spec;
    private final Instant submittedAt = Instant.now();
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String error;

    protected AbstractQueuedJob(S spec) {
        this.spec = spec;
    }

    @Override
    public final String id() {
        return id;
    }

    public final S spec() {
        return spec;
    }

    protected final void markStarted() {
        startedAt = Instant.now();
    }

    /** @param cause why it failed, or null when it succeeded */
    protected final void markFinished(String cause) {
        error = cause;
        finishedAt = Instant.now();
    }

    protected final Instant submittedAt() {
        return submittedAt;
    }

    protected final Instant startedAt() {
        return startedAt;
    }

    protected final Instant finishedAt() {
        return finishedAt;
    }

    protected final String error() {
        return error;
    }
}
