package io.stylesync.common.events;

import java.util.List;

/** The body of {@code POST /api/v1/events} on monitoring-service. */
public record FeatureEventBatch(List<FeatureEvent> events) {}
