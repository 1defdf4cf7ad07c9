package io.stylesync.training.run;

public enum RunPhase {
    QUEUED, LOADING, FEATURES, TRAINING, EVALUATING, REGISTERING, DONE
}
