package io.stylesync.training.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.search.Captions;
import io.stylesync.common.search.TextEncoder;
import io.stylesync.common.testing.SharedData;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.training.data.FashionProductsSample;
import io.stylesync.training.data.FashionProductsSample.Product;
import io.stylesync.training.embedding.EmbeddingExtractor;
import io.stylesync.training.embedding.ProgressListener;
import io.stylesync.training.loop.EpochFigures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text search learned on real data: the shared MobileNetV2 backbone embeds 400 real product photos (every 20th
 * of the shared catalogue, so all kinds of product), the text encoder trains on the captions of 250 of them and
 * is scored on the captions of 100 it never saw, each query ranked against those 100 images.
 */
@SlowTest("embeds 400 shared photos")
class TextEncoderTrainerTest {

    private static final List<String> ATTRIBUTES = List.of(
            "gender",
            "masterCategory",
            "subCategory",
            "articleType",
            "baseColour",
            "season",
            "usage",
            Captions.DISPLAY_NAME);
    private static final TextSearchConfig CONFIG = new TextSearchConfig(15, 128, 2e-3f, 0, 1 << 14, 128, 256, 256, 7);

    private static CaptionedImages train;
    private static CaptionedImages val;
    private static CaptionedImages test;

    @BeforeAll
    static void embedPhotos() throws Exception {
        List<Product> all = FashionProductsSample.all();
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < all.size() && products.size() < 400; i += 20) {
            products.add(all.get(i));
        }
        assertThat(products).hasSize(400);
        float[][] features;
        try (TorchScriptModel backbone =
                TorchScriptModel.load(SharedData.require("models/mobilenet-v2/backbone-features.pt"))) {
            features = new EmbeddingExtractor(
                            backbone,
                            new ImagePreprocessor(
                                    PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults())),
                            16)
                    .extract(products.stream().map(Product::bytes).toList(), ProgressListener.NONE);
        }
        train = CaptionedImages.forTraining(labels(products, 0, 250), Arrays.copyOfRange(features, 0, 250));
        val = pairs(products, features, 250, 300);
        test = pairs(products, features, 300, 400);
    }

    @Test
    void heldOutCaptionsFindTheirOwnImageFarMoreOftenThanChance() {
        List<EpochFigures> epochs = new ArrayList<>();

        TextSearchResult result =
                new TextEncoderTrainer().train(train, val, CONFIG, EpochFigures.listener(epochs::add));

        assertThat(result.epochsRun()).isEqualTo(15);
        assertThat(result.trainLoss().getLast()).isLessThan(result.trainLoss().getFirst() / 2);
        assertThat(epochs).hasSize(15);
        assertThat(epochs.getFirst().valAccuracy()).containsKeys("recall_at_1", "recall_at_5", "recall_at_10");
        assertThat(result.temperature()).isBetween(0.01, 1.0);

        Map<String, Double> recall = CaptionRecall.of(result.encoder(), test);
        System.out.printf(
                "text search, %d held-out captions over %d images: %s (random recall@10 = %.2f); best epoch %d%n",
                test.size(), test.features().length, recall, 10.0 / test.features().length, result.bestEpoch());
        // measured 0.805 (recall@1 0.20); 100 images: a random ranking finds the caption's own image in its top 10 one
        // time in ten
        assertThat(recall.get("recall_at_10")).isGreaterThanOrEqualTo(0.5);
        assertThat(recall.get("recall_at_1")).isGreaterThan(0.05);
    }

    @Test
    void theSameSeedGivesTheSameEncoderAndAnUnseenWordStillEncodes() {
        TextSearchConfig short1 = CONFIG.withEpochs(1);
        TextEncoder a = new TextEncoderTrainer().train(train, val, short1).encoder();
        TextEncoder b = new TextEncoderTrainer().train(train, val, short1).encoder();

        assertThat(b.featureQuery("men navy blue shirts casual"))
                .containsExactly(a.featureQuery("men navy blue shirts casual"));
        String unseen = "zxqv vermilion gilet";
        assertThat(a.encode(unseen)).isNotEqualTo(new float[a.outputDim()]);
        assertThat(Math.abs(norm(a.encode(unseen)) - 1)).isLessThan(1e-5);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static CaptionedImages pairs(List<Product> products, float[][] features, int from, int to) {
        return CaptionedImages.of(labels(products, from, to), Arrays.copyOfRange(features, from, to));
    }

    private static List<Map<String, String>> labels(List<Product> products, int from, int to) {
        List<Map<String, String>> labels = new ArrayList<>();
        for (Product p : products.subList(from, to)) {
            Map<String, String> l = new LinkedHashMap<>();
            for (String a : ATTRIBUTES) {
                String v = p.labels().get(a);
                if (v != null && !v.isBlank()) {
                    l.put(a, v);
                }
            }
            labels.add(l);
        }
        return labels;
    }
}
