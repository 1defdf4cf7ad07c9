package io.stylesync.ingest.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stylesync.ingest.processing.RejectReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** Ingest's meters: images processed and rejected by reason, bytes moved, phase durations, jobs. */
@Component
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter reused;
    private final Counter bytesRead;
    private final Counter bytesWritten;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final AtomicInteger activeJobs = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processed = Counter.builder("stylesync.ingest.images.processed")
                .description("Images decoded, resized and written")
                .register(registry);
        this.reused = Counter.builder("stylesync.ingest.images.reused")
                .description("Images copied from the previous version")
                .register(registry);
        this.bytesRead = Counter.builder("stylesync.ingest.bytes")
                .tag("direction", "read")
                .baseUnit("bytes")
                .register(registry);
        this.bytesWritten = Counter.builder("stylesync.ingest.bytes")
                .tag("direction", "written")
                .baseUnit("bytes")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(
                    reason,
                    Counter.builder("stylesync.ingest.images.rejected")
                            .tag("reason", reason.wireName())
                            .description("Images left out of a dataset, by reason")
                            .register(registry));
        }
        registry.gauge("stylesync.ingest.jobs.active", activeJobs);
    }

    void processed(boolean wasReused, long read, long written) {
        (wasReused ? reused : processed).increment();
        bytesRead.increment(read);
        bytesWritten.increment(written);
    }

    void rejected(RejectReason reason, long read) {
        rejected.get(reason).increment();
        bytesRead.increment(read);
    }

    void phase(JobPhase phase, Duration took) {
        Timer.builder("stylesync.ingest.phase.duration")
                .tag("phase", phase.name().toLowerCase())
                .description("Time spent in each ingest phase")
                .register(registry)
                .record(took);
    }

    void jobFinished(JobState outcome) {
        registry.counter("stylesync.ingest.jobs", "outcome", outcome.name().toLowerCase())
                .increment();
    }

    void jobStarted() {
        activeJobs.incrementAndGet();
    }

    void jobEnded() {
        activeJobs.decrementAndGet();
    }
}
