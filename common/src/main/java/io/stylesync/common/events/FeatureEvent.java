package io.stylesync.common.events;

import java.time.Instant;
import java.util.Map;

/**
 * What inference-service tells monitoring-service about one prediction (docs/contracts.md, "Feature event").
 *
 * @param predictionId  the id the prediction response carried; feedback refers to it
 * @param features      every {@code ImageFeature} by wire name, computed by {@code ImageFeatureExtractor}
 *                      exactly as ingest computed the reference
 * @param predictions   head (attribute) to its top-1 label and probability
 * @param embedding     {@code EmbeddingSummary} by wire name
 */
public record FeatureEvent(
        String predictionId,
        Instant timestamp,
        String modelName,
        String modelVersion,
        Map<String, Double> features,
        Map<String, Prediction> predictions,
        Map<String, Double> embedding) {

    public record Prediction(String label, double confidence) {}
}
