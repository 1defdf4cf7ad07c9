package io.stylesync.common.job;

import java.time.Instant;

/** What a job queue persists and lists for one job: an immutable view that survives the process. */
public interface JobSnapshot<V extends JobSnapshot<V>> {

    String id();

    Instant submittedAt();

    /** Queued or running: a record left in this state by a process that is gone must be interrupted. */
    boolean active();

    /** The state's name, for logs. */
    Object state();

    /** This snapshot ended as INTERRUPTED at {@code at}, with {@code reason} as its error. */
    V interrupted(String reason, Instant at);
}
