package io.stylesync.inference.analyze;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code stylesync_inference_analyze_seconds{outcome}} (a histogram of the analysis time, decode included) and
 * {@code stylesync_inference_analyze_requests_total{outcome}}, outcome being ok, no_face or bad_image.
 */
@Component
class AnalyzeMetrics {

    enum Outcome {
        OK,
        NO_FACE,
        BAD_IMAGE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    AnalyzeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome o : Outcome.values()) {
            counter(o);
        }
    }

    void record(Outcome outcome, long nanos) {
        Timer.builder("stylesync.inference.analyze")
                .description("Colour analysis of one image, decode included")
                .tag("outcome", outcome.tag())
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        counter(outcome).increment();
    }

    private Counter counter(Outcome outcome) {
        return Counter.builder("stylesync.inference.analyze.requests")
                .description("Analyze requests by outcome")
                .tag("outcome", outcome.tag())
                .register(registry);
    }
}
