package io.stylesync.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.batching.DynamicBatcher;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.predict.CanaryRouter;
import io.stylesync.inference.predict.ShadowScorer;
import io.stylesync.inference.support.ModelFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary routing and shadow scoring with two real models loaded side by side. */
class CanaryAndShadowTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    static InferenceProperties props(int challengerPercent, boolean shadow) {
        return new InferenceProperties(
                "champion",
                Duration.ofSeconds(30),
                null,
                null,
                3,
                32,
                new InferenceProperties.Batching(4, Duration.ofMillis(2), 16, Duration.ofSeconds(30)),
                new InferenceProperties.Events(null, null, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new InferenceProperties.Canary("challenger", challengerPercent, shadow),
                new InferenceProperties.Similar(false, 10, List.of("train"), 5),
                new InferenceProperties.Weather(
                        false, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), Duration.ofMinutes(30), 1000),
                new InferenceProperties.Engine(io.stylesync.common.model.BackboneEngine.PYTORCH, 0, false, 0.5));
    }

    static ServingModel load(Path dir, String version) {
        ModelBundle bundle = ModelBundle.read(dir, ModelFixture.JSON);
        return new ServingModel(
                "m",
                version,
                bundle,
                TorchScriptModel.load(bundle.backboneFile()),
                new ImageDecoder(DecodeLimits.defaults()),
                null);
    }

    @Test
    void routesTheConfiguredShareToTheChallengerAndShadowsTheRest(@TempDir Path tmp) throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetManifest dataset = DatasetFixture.write(s3.store(), "stylesync", "canary", "v00000000000000d1", 10);
        var champion =
                ModelFixture.build(s3.store(), "stylesync", dataset, DatasetFixture.backbone(), tmp.resolve("a"), 1.0);
        // the challenger's heads are fitted on the train labels shuffled: it agrees with the champion on
        // some images and not on others, and the test below knows which from the two models themselves
        Map<String, List<String>> shifted = new java.util.LinkedHashMap<>();
        for (String attribute : dataset.targetAttributes()) {
            List<String> labels = new java.util.ArrayList<>(champion.train().stream()
                    .map(r -> r.labels().get(attribute))
                    .toList());
            java.util.Collections.shuffle(labels, new java.util.Random(7));
            shifted.put(attribute, labels);
        }
        ModelFixture.write(
                tmp.resolve("b"),
                DatasetFixture.backbone(),
                io.stylesync.common.image.PreprocessConfig.mobileNetV2(224),
                champion.trainX(),
                shifted,
                1.0,
                Map.of(),
                null);
        ModelSlots slots = new ModelSlots();
        assertThat(new CanaryRouter(props(30, false), slots).choose())
                .as("no challenger loaded")
                .isEqualTo(ModelRole.CHAMPION);
        slots.swap(ModelRole.CHAMPION, load(tmp.resolve("a"), "1"));
        slots.swap(ModelRole.CHALLENGER, load(tmp.resolve("b"), "2"));

        CanaryRouter router = new CanaryRouter(props(30, false), slots);
        int challenger = 0;
        for (int i = 0; i < 4000; i++) {
            challenger += router.choose() == ModelRole.CHALLENGER ? 1 : 0;
        }
        assertThat(challenger / 4000.0).isBetween(0.27, 0.33);
        assertThat(new CanaryRouter(props(0, true), slots).choose()).isEqualTo(ModelRole.CHAMPION);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DynamicBatcher batcher = new DynamicBatcher(props(0, true), registry);
        batcher.start();
        try (ShadowScorer shadow = new ShadowScorer(props(0, true), slots, batcher, registry)) {
            ServingModel championModel = slots.acquire(ModelRole.CHAMPION);
            ServingModel challengerModel = slots.acquire(ModelRole.CHALLENGER);
            Map<String, Integer> expectedAgree = new java.util.TreeMap<>();
            Map<String, Integer> expectedDisagree = new java.util.TreeMap<>();
            try {
                for (var record : champion.test()) {
                    var image = new ImageDecoder(DecodeLimits.defaults())
                            .decode(java.nio.file.Files.readAllBytes(
                                    SharedData.require("datasets/fashion-products/images/" + record.id() + ".jpg")));
                    // the oracle: each model's own top-1, computed here without the scorer
                    Map<String, String> championTop1 = top1(championModel, image);
                    Map<String, String> challengerTop1 = top1(challengerModel, image);
                    Map<String, FeatureEvent.Prediction> served = new java.util.LinkedHashMap<>();
                    championTop1.forEach((head, label) -> {
                        served.put(head, new FeatureEvent.Prediction(label, 0.9));
                        (label.equals(challengerTop1.get(head)) ? expectedAgree : expectedDisagree)
                                .merge(head, 1, Integer::sum);
                    });
                    shadow.compare(image, served);
                }
            } finally {
                championModel.release();
                challengerModel.release();
            }
            int comparisons =
                    champion.test().size() * dataset.targetAttributes().size();
            assertThat(expectedAgree.values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .as("the fixture gives both outcomes")
                    .isPositive();
            assertThat(expectedDisagree.values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isPositive();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (counted(registry, null) < comparisons && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (String head : dataset.targetAttributes()) {
                assertThat(counted(registry, Map.entry(head, "agree")))
                        .as("%s agreements", head)
                        .isEqualTo((long) expectedAgree.getOrDefault(head, 0));
                assertThat(counted(registry, Map.entry(head, "disagree")))
                        .as("%s disagreements", head)
                        .isEqualTo((long) expectedDisagree.getOrDefault(head, 0));
            }
            assertThat(registry.find("stylesync.inference.shadow.skipped").counter())
                    .isNull();
        } finally {
            batcher.stop();
            slots.clear(ModelRole.CHAMPION);
            slots.clear(ModelRole.CHALLENGER);
        }
    }

    /** Each head's top-1 label of {@code model} for an image, straight from its backbone and heads. */
    private static Map<String, String> top1(ServingModel model, io.stylesync.common.image.RgbImage image) {
        var pre = model.preprocessor();
        float[] x = model.embed(pre.toTensor(pre.resize(image)), 1);
        Map<String, String> top = new java.util.LinkedHashMap<>();
        for (var head : model.heads()) {
            float[] p = head.probabilities(x);
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] > p[best]) {
                    best = i;
                }
            }
            top.put(head.attribute(), head.classes().get(best));
        }
        return top;
    }

    /** Shadow comparisons counted for one head and agreement, or in all when {@code which} is null. */
    private static long counted(SimpleMeterRegistry registry, Map.Entry<String, String> which) {
        return Math.round(registry.find("stylesync.inference.shadow").counters().stream()
                .filter(c -> which == null
                        || (which.getKey().equals(c.getId().getTag("head"))
                                && which.getValue().equals(c.getId().getTag("agreement"))))
                .mapToDouble(c -> c.count())
                .sum());
    }
}
