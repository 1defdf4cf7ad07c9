package io.stylesync.common.events;

import java.util.Map;

/** The body of {@code POST /api/v1/feedback} on monitoring-service: the true labels of one earlier prediction. */
public record Feedback(String predictionId, Map<String, String> labels) {}
