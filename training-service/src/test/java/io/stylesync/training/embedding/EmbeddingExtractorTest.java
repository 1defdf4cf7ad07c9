package io.stylesync.training.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.SharedData;
import io.stylesync.training.data.FashionProductsSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MobileNetV2 backbone on real product photos. */
class EmbeddingExtractorTest {

    private static TorchScriptModel backbone;
    private static List<Supplier<byte[]>> images;
    private static final ImagePreprocessor PREPROCESSOR =
            new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults()));

    @BeforeAll
    static void load() {
        backbone = TorchScriptModel.load(SharedData.require("models/mobilenet-v2/backbone-features.pt"));
        images = FashionProductsSample.all().stream()
                .limit(5)
                .map(FashionProductsSample.Product::bytes)
                .toList();
    }

    @AfterAll
    static void close() {
        if (backbone != null) {
            backbone.close();
        }
    }

    @Test
    void featuresDoNotDependOnBatchCompositionAndMatchASingleForward() throws Exception {
        EmbeddingExtractor inTwos = new EmbeddingExtractor(backbone, PREPROCESSOR, 2);
        List<Integer> progress = new ArrayList<>();

        float[][] batched = inTwos.extract(images, progress::add);
        float[] single = backbone.forward(PREPROCESSOR.preprocess(images.get(4).get()), 1, 224, 224);
        float[][] oneBatch = new EmbeddingExtractor(backbone, PREPROCESSOR, 16).extract(images, ProgressListener.NONE);

        assertThat(inTwos.featureDim()).isEqualTo(1280);
        assertThat(progress).containsExactly(2, 4, 5);
        assertThat(batched).hasDimensions(5, 1280);
        for (int j = 0; j < 1280; j++) {
            assertThat(batched[4][j]).isCloseTo(single[j], within(1e-4f));
            assertThat(batched[1][j]).isCloseTo(oneBatch[1][j], within(1e-4f));
        }
        // pooled post-ReLU6 activations: within [0, 6], and not all zero
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : batched[0]) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isBetween(0.1f, 6f);
    }

    @Test
    void anUndecodableImageIsNamedByIndex() {
        List<Supplier<byte[]>> withBroken = new ArrayList<>(images.subList(0, 3));
        withBroken.add(() -> "not an image".getBytes());

        EmbeddingExtractor extractor = new EmbeddingExtractor(backbone, PREPROCESSOR, 2);

        assertThatThrownBy(() -> extractor.extract(withBroken, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 3");
    }

    @Test
    void cancellationStopsBetweenBatches() {
        List<Integer> done = new ArrayList<>();
        ProgressListener cancelAfterFirstBatch = new ProgressListener() {
            @Override
            public void done(int count) {
                done.add(count);
            }

            @Override
            public boolean cancelled() {
                return !done.isEmpty();
            }
        };

        assertThatThrownBy(
                        () -> new EmbeddingExtractor(backbone, PREPROCESSOR, 2).extract(images, cancelAfterFirstBatch))
                .isInstanceOf(CancellationException.class);
        assertThat(done).containsExactly(2);
    }

    @Test
    void theFeatureSizeIsUnknownBeforeTheFirstBatch() {
        EmbeddingExtractor extractor = new EmbeddingExtractor(backbone, PREPROCESSOR, 4);

        assertThatThrownBy(extractor::featureDim).isInstanceOf(IllegalStateException.class);
        assertThat(extractor.extract(List.of(), ProgressListener.NONE)).isEmpty();
        assertThatThrownBy(() -> new EmbeddingExtractor(backbone, PREPROCESSOR, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
