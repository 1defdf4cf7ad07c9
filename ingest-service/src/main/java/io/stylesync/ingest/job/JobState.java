package io.stylesync.ingest.job;

public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Its instance stopped before it finished (a restart, a crash): nothing of it was committed. */
    INTERRUPTED
}
