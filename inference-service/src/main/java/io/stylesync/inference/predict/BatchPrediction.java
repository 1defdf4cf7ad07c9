package io.stylesync.inference.predict;

import java.util.List;

/** The answer of {@code /api/v1/predict/batch}: one result per uploaded image, in upload order. */
public record BatchPrediction(int succeeded, int failed, List<Item> results) {

    /** Either {@code prediction} or {@code error} (the problem that image alone would have got) is set. */
    public record Item(int index, String filename, Prediction prediction, Error error) {}

    public record Error(int status, String type, String detail) {}
}
