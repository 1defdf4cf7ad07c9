package io.stylesync.inference.predict;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.EmbeddingSummary;
import io.stylesync.inference.events.FeatureEventPublisher;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ServingModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * Fashion attributes for an image: every head of the served model scores the image's embedding
 * ({@link ClassifierHead#probabilities}, the code training's evaluation uses), the top-k labels per head
 * are returned, and the prediction's features go to monitoring.
 */
@Service
public class PredictionService {

    public static final int MAX_TOP_K = 50;

    private final ImageEmbedder embedder;
    private final CanaryRouter router;
    private final ShadowScorer shadow;
    private final FeatureEventPublisher events;
    private final MeterRegistry registry;
    private final Map<String, DistributionSummary> confidence = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public PredictionService(
            ImageEmbedder embedder,
            CanaryRouter router,
            ShadowScorer shadow,
            FeatureEventPublisher events,
            MeterRegistry registry) {
        this.embedder = embedder;
        this.router = router;
        this.shadow = shadow;
        this.events = events;
        this.registry = registry;
    }

    public Prediction predict(byte[] bytes, String what, int topK, String endpoint) {
        if (topK < 1 || topK > MAX_TOP_K) {
            throw ProblemException.badRequest("topK must be between 1 and " + MAX_TOP_K + ", got " + topK)
                    .with("field", "topK");
        }
        long start = System.nanoTime();
        ModelRole role = router.choose();
        Prediction prediction = embedder.embed(bytes, what, role, e -> score(e, role, topK, start));
        latency.computeIfAbsent(
                        endpoint,
                        e -> Timer.builder("stylesync.inference.latency")
                                .tag("endpoint", e)
                                .publishPercentileHistogram()
                                .description("Time to answer one image, end to end")
                                .register(registry))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return prediction;
    }

    private Prediction score(EmbeddedImage e, ModelRole role, int topK, long start) {
        ServingModel model = e.model();
        float[] x = e.embedding().vector();
        Map<String, List<Prediction.LabelScore>> heads = new LinkedHashMap<>();
        Map<String, FeatureEvent.Prediction> top1 = new LinkedHashMap<>();
        for (ClassifierHead head : model.heads()) {
            List<Prediction.LabelScore> best = topK(head, head.probabilities(x), topK);
            heads.put(head.attribute(), best);
            Prediction.LabelScore first = best.getFirst();
            top1.put(head.attribute(), new FeatureEvent.Prediction(first.label(), first.probability()));
            registry.counter(
                            "stylesync.inference.predictions",
                            "model",
                            model.name(),
                            "head",
                            head.attribute(),
                            "label",
                            first.label())
                    .increment();
            confidence
                    .computeIfAbsent(
                            head.attribute(),
                            h -> DistributionSummary.builder("stylesync.inference.confidence")
                                    .tag("head", h)
                                    .description("Probability of the top-1 label")
                                    .serviceLevelObjectives(
                                            0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
                                    .register(registry))
                    .record(first.probability());
        }
        String id = UUID.randomUUID().toString();
        if (events.enabled()) {
            Map<String, Double> embedding = model.embeddingStatistics() == null
                    ? Map.of()
                    : EmbeddingSummary.of(x, model.embeddingStatistics()).asMap();
            events.publish(new FeatureEvent(
                    id,
                    Instant.now(),
                    model.name(),
                    model.version(),
                    e.features().asMap(),
                    top1,
                    embedding));
        }
        if (role == ModelRole.CHAMPION) {
            shadow.compare(e.decoded().image(), top1);
        }
        var img = e.decoded();
        var emb = e.embedding();
        Prediction.Timings timings = new Prediction.Timings(
                ms(e.decodeNanos()),
                ms(e.preprocessNanos()),
                ms(emb.queueNanos()),
                ms(emb.forwardNanos()),
                ms(System.nanoTime() - start),
                emb.batchSize());
        return new Prediction(
                id,
                new Prediction.Model(model.name(), model.version(), role.wireName()),
                heads,
                new Prediction.Image(
                        img.image().width(),
                        img.image().height(),
                        img.format().name().toLowerCase(),
                        e.encodedBytes()),
                timings);
    }

    static List<Prediction.LabelScore> topK(ClassifierHead head, float[] p, int k) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
        List<Prediction.LabelScore> best = new ArrayList<>(Math.min(k, p.length));
        for (int i = 0; i < Math.min(k, p.length); i++) {
            best.add(new Prediction.LabelScore(head.classes().get(order[i]), Math.round(p[order[i]] * 1e6) / 1e6));
        }
        return best;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
