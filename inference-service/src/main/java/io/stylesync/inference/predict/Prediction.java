package io.stylesync.inference.predict;

import java.util.List;
import java.util.Map;

/**
 * One image's answer from {@code /api/v1/predict}.
 *
 * @param predictionId quote it in feedback to monitoring-service
 * @param predictions  per head (attribute) the top-k labels, most probable first
 */
public record Prediction(
        String predictionId, Model model, Map<String, List<LabelScore>> predictions, Image image, Timings timings) {

    public record LabelScore(String label, double probability) {}

    /** @param role {@code champion}, or {@code challenger} for canary traffic */
    public record Model(String name, String version, String role) {}

    public record Image(int width, int height, String format, long bytes) {}

    /**
     * Milliseconds: decode and feature extraction, resize and normalisation, waiting for a batch,
     * the shared forward pass, and the whole request; {@code batchSize} images shared that pass.
     */
    public record Timings(
            double decodeMs, double preprocessMs, double queueMs, double inferenceMs, double totalMs, int batchSize) {}
}
