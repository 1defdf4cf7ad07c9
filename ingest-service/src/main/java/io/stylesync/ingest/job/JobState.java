package io.stylesync.ingest.job;

public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}
