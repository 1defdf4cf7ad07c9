package io.stylesync.monitoring.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.stereotype.Component;

/**
 * Accuracy per head over all feedback received ({@code stylesync_monitoring_live_accuracy{head}}), and the
 * feedback count ({@code stylesync_monitoring_feedback_total}).
 */
@Component
public class LiveAccuracy {

    private final MeterRegistry registry;
    private final Counter feedback;
    private final Map<String, AtomicLongArray> byHead = new ConcurrentHashMap<>();

    public LiveAccuracy(MeterRegistry registry) {
        this.registry = registry;
        this.feedback = Counter.builder("stylesync.monitoring.feedback")
                .description("Feedback received")
                .register(registry);
    }

    public void record(String head, boolean correct) {
        AtomicLongArray counts = counts(head);
        if (correct) {
            counts.incrementAndGet(0);
        }
        counts.incrementAndGet(1);
    }

    private AtomicLongArray counts(String head) {
        return byHead.computeIfAbsent(head, h -> {
            AtomicLongArray c = new AtomicLongArray(2);
            Gauge.builder(
                            "stylesync.monitoring.live.accuracy",
                            c,
                            x -> x.get(1) == 0 ? Double.NaN : (double) x.get(0) / x.get(1))
                    .description("Share of predictions that feedback confirmed")
                    .tag("head", h)
                    .register(registry);
            return c;
        });
    }

    /** head to {correct, total}, for a checkpoint. */
    public Map<String, long[]> counts() {
        Map<String, long[]> out = new TreeMap<>();
        byHead.forEach((h, c) -> out.put(h, new long[] {c.get(0), c.get(1)}));
        return out;
    }

    /** Throws when a checkpoint's counts are not head to {correct, total} with correct <= total. */
    public void check(Map<String, long[]> counts) {
        counts.forEach((head, c) -> {
            if (c == null || c.length != 2 || c[0] < 0 || c[0] > c[1]) {
                throw new IllegalArgumentException("live accuracy of " + head + " is not {correct <= total}");
            }
        });
    }

    /** Adds a checkpoint's counts (head to {correct, total}), which {@link #check} accepted, to those since the start. */
    public void restore(Map<String, long[]> counts) {
        check(counts);
        counts.forEach((head, c) -> {
            AtomicLongArray mine = counts(head);
            mine.addAndGet(0, c[0]);
            mine.addAndGet(1, c[1]);
        });
    }

    public void countFeedback() {
        feedback.increment();
    }

    /** head to {accuracy, count}. */
    public Map<String, double[]> snapshot() {
        Map<String, double[]> out = new TreeMap<>();
        byHead.forEach((h, c) ->
                out.put(h, new double[] {c.get(1) == 0 ? Double.NaN : (double) c.get(0) / c.get(1), c.get(1)}));
        return out;
    }
}
