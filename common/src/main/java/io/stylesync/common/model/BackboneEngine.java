package io.stylesync.common.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The engines a bundle's backbone can be served with; {@link #id()} is the name in configuration and bundles. */
public enum BackboneEngine {
    PYTORCH("pytorch"),
    ONNXRUNTIME("onnxruntime"),
    ONNXRUNTIME_INT8("onnxruntime-int8");

    private final String id;

    BackboneEngine(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static BackboneEngine of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(e -> e.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown engine '" + id + "', expected one of "
                        + Arrays.stream(values()).map(BackboneEngine::id).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
