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
                new InferenceProperties.Weather(false, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)));
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
        DatasetManifest dataset = DatasetFixture.write(s3.store(), "stylesync", "canary", "v00000000000000d1", 5);
        var champion =
                ModelFixture.build(s3.store(), "stylesync", dataset, DatasetFixture.backbone(), tmp.resolve("a"), 1.0);
        ModelFixture.build(s3.store(), "stylesync", dataset, DatasetFixture.backbone(), tmp.resolve("b"), 0.5);
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
            var image = new ImageDecoder(DecodeLimits.defaults())
                    .decode(java.nio.file.Files.readAllBytes(DatasetFixture.backbone()
                            .getParent()
                            .getParent()
                            .getParent()
                            .resolve("datasets/fashion-products/images")
                            .resolve(champion.test().getFirst().id() + ".jpg")));
            String truth = champion.test().getFirst().labels().get("masterCategory");
            shadow.compare(
                    image,
                    Map.of(
                            "masterCategory",
                            new FeatureEvent.Prediction(truth, 0.9),
                            "articleType",
                            new FeatureEvent.Prediction("no such label", 0.9)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (registry.find("stylesync.inference.shadow").counters().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(registry.get("stylesync.inference.shadow")
                            .tags("head", "articleType", "agreement", "disagree")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.find("stylesync.inference.shadow")
                            .tags("head", "masterCategory")
                            .counter())
                    .isNotNull();
        } finally {
            batcher.stop();
            slots.clear(ModelRole.CHAMPION);
            slots.clear(ModelRole.CHALLENGER);
        }
    }
}
