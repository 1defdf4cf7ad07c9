package io.stylesync.inference.predict;

import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.inference.batching.DynamicBatcher;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ModelSlots;
import io.stylesync.inference.model.ServingModel;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Shadow mode: the challenger also scores champion traffic, off the request path, and
 * {@code stylesync_inference_shadow_total{head,agreement}} counts whether its top-1 label agrees.
 * When the shadow backlog is full the comparison is skipped, never the request delayed.
 */
@Component
public class ShadowScorer implements AutoCloseable {

    private final boolean enabled;
    private final ModelSlots slots;
    private final DynamicBatcher batcher;
    private final MeterRegistry registry;
    private final ThreadPoolExecutor executor;

    public ShadowScorer(InferenceProperties props, ModelSlots slots, DynamicBatcher batcher, MeterRegistry registry) {
        this.enabled = props.canary().shadow();
        this.slots = slots;
        this.batcher = batcher;
        this.registry = registry;
        this.executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64),
                r -> {
                    Thread t = new Thread(r, "shadow-scorer");
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    public void compare(RgbImage image, Map<String, FeatureEvent.Prediction> championTop1) {
        if (!enabled || slots.current(ModelRole.CHALLENGER).isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> score(image, championTop1));
        } catch (RejectedExecutionException full) {
            registry.counter("stylesync.inference.shadow.skipped").increment();
        }
    }

    private void score(RgbImage image, Map<String, FeatureEvent.Prediction> championTop1) {
        ServingModel challenger;
        try {
            challenger = slots.acquire(ModelRole.CHALLENGER);
        } catch (RuntimeException gone) {
            return;
        }
        try {
            var pre = challenger.preprocessor();
            float[] x =
                    batcher.embed(challenger, pre.toTensor(pre.resize(image))).vector();
            for (ClassifierHead head : challenger.heads()) {
                FeatureEvent.Prediction champion = championTop1.get(head.attribute());
                if (champion == null) {
                    continue;
                }
                String label = PredictionService.topK(head, head.probabilities(x), 1)
                        .getFirst()
                        .label();
                registry.counter(
                                "stylesync.inference.shadow",
                                "head",
                                head.attribute(),
                                "agreement",
                                label.equals(champion.label()) ? "agree" : "disagree")
                        .increment();
            }
        } catch (RuntimeException e) {
            registry.counter("stylesync.inference.shadow.skipped").increment();
        } finally {
            challenger.release();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
