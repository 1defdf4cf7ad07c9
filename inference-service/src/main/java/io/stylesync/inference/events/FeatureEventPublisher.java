package io.stylesync.inference.events;

import io.stylesync.common.events.FeatureEvent;

/**
 * Where a prediction's feature event goes: monitoring-service over HTTP or a Kafka topic
 * ({@code stylesync.events.transport}). {@link #publish} never blocks the prediction for long and never fails; an
 * event that cannot be delivered is dropped and counted ({@code stylesync_inference_events_dropped_total{reason}}).
 */
public interface FeatureEventPublisher {

    /** False when events go nowhere (HTTP transport without a monitoring URL): callers skip building them. */
    boolean enabled();

    void publish(FeatureEvent event);
}
