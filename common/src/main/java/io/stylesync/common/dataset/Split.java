package io.stylesync.common.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three partitions of a dataset version. */
public enum Split {
    TRAIN,
    VAL,
    TEST;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
