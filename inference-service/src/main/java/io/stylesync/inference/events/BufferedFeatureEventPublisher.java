package io.stylesync.inference.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.lifecycle.DrainingWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * What both transports share: {@link #publish} puts the event in a bounded buffer and returns at once, so a request
 * never waits on monitoring or on a broker; one thread drains the buffer in batches into {@link #deliver}. A full
 * buffer drops the event and counts it ({@code stylesync_inference_events_dropped_total{reason="buffer_full"}}).
 */
public abstract class BufferedFeatureEventPublisher extends DrainingWorker implements FeatureEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(BufferedFeatureEventPublisher.class);

    protected final InferenceProperties.Events config;
    protected final Counter sent;
    protected final Counter droppedUnreachable;
    private final BlockingQueue<FeatureEvent> buffer;
    private final Counter droppedFull;
    private volatile long lastFailureLog;

    protected BufferedFeatureEventPublisher(InferenceProperties.Events config, MeterRegistry registry) {
        super("feature-events", SmartLifecycle.DEFAULT_PHASE - 2560);
        this.config = config;
        this.buffer = new ArrayBlockingQueue<>(Math.max(1, config.bufferSize()));
        this.sent = Counter.builder("stylesync.inference.events.sent")
                .description("Feature events delivered to monitoring")
                .register(registry);
        this.droppedFull = dropped(registry, "buffer_full");
        this.droppedUnreachable = dropped(registry, "unreachable");
        registry.gauge("stylesync.inference.events.buffered", buffer, BlockingQueue::size);
    }

    protected static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("stylesync.inference.events.dropped")
                .tag("reason", reason)
                .description("Feature events not delivered to monitoring")
                .register(registry);
    }

    /** Hands one batch to the transport; counts what it delivers or gives up on. */
    protected abstract void deliver(List<FeatureEvent> batch) throws InterruptedException;

    @Override
    public void publish(FeatureEvent event) {
        if (enabled() && !buffer.offer(event)) {
            droppedFull.increment();
        }
    }

    @Override
    protected boolean needsThread() {
        return enabled();
    }

    @Override
    protected void work() {
        List<FeatureEvent> batch = new ArrayList<>(config.batchSize());
        while (running() || !buffer.isEmpty()) {
            try {
                FeatureEvent first = buffer.poll(config.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, config.batchSize() - 1);
                deliver(batch);
            } catch (InterruptedException e) {
                droppedUnreachable.increment(batch.size());
                if (!running()) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** Logs a delivery failure at most once a minute (an outage would otherwise log every batch). */
    protected void logFailure(String message) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 60_000) {
            lastFailureLog = now;
            log.warn("Dropping feature events: {}", message);
        }
    }
}
