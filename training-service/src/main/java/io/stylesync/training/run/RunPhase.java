package io.stylesync.training.run;

public enum RunPhase {
    QUEUED,
    LOADING,
    FEATURES,
    TRAINING,
    FINE_TUNING,
    EVALUATING,
    REGISTERING,
    DONE
}
