package io.stylesync.training.run;

public enum RunState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** Its instance stopped before it finished (a restart, a crash): its MLflow run is KILLED, nothing registered. */
    INTERRUPTED
}
