package io.stylesync.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.SharedData;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.training.data.FashionProductsSample;
import io.stylesync.training.data.FashionProductsSample.Product;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.embedding.EmbeddingExtractor;
import io.stylesync.training.embedding.ProgressListener;
import io.stylesync.training.network.HeadTrainer;
import io.stylesync.training.network.HeadTrainingConfig;
import io.stylesync.training.network.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole learning path on real data: the shared MobileNetV2 backbone extracts features of 300 real product
 * photos (100 per masterCategory), a linear head is trained on half, early-stopped on a sixth, and evaluated
 * on the held-out third with the shared scoring code. Linear probes on these features reach ~97 %+.
 */
@SlowTest("embeds thousands of shared photos")
class MasterCategoryProbeTest {

    private static final List<String> CATEGORIES = List.of("Accessories", "Apparel", "Footwear");

    @Test
    void aLinearProbeOnRealBackboneFeaturesClassifiesMasterCategory() throws Exception {
        List<Product> products = FashionProductsSample.balanced("masterCategory", CATEGORIES, 100);
        assertThat(products).hasSize(300);
        float[][] features;
        int featureDim;
        try (TorchScriptModel backbone =
                TorchScriptModel.load(SharedData.require("models/mobilenet-v2/backbone-features.pt"))) {
            EmbeddingExtractor extractor = new EmbeddingExtractor(
                    backbone,
                    new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults())),
                    16);
            features = extractor.extract(products.stream().map(Product::bytes).toList(), ProgressListener.NONE);
            featureDim = extractor.featureDim();
        }
        assertThat(featureDim).isEqualTo(1280);

        // Interleaved within each category (products are grouped by category, sorted by id): of every six,
        // two go to test, one to validation, three to training.
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            int slot = i % 6;
            (slot == 0 || slot == 3 ? test : slot == 1 ? val : train).add(i);
        }
        LabelSpace space = LabelSpace.fit("masterCategory", labels(products, train), 0, 1);
        assertThat(space.classes()).isEqualTo(CATEGORIES);

        TrainingResult result = new HeadTrainer()
                .train(
                        rows(features, train),
                        Map.of("masterCategory", targets(space, products, train)),
                        rows(features, val),
                        Map.of("masterCategory", targets(space, products, val)),
                        List.of(space),
                        HeadTrainingConfig.defaults());
        HeadEvaluation evaluation =
                Evaluator.evaluate(result.heads().get(0), rows(features, test), targets(space, products, test));

        Path report = Path.of("target/probe-report/masterCategory.html");
        Files.createDirectories(report.getParent());
        Files.writeString(report, ConfusionMatrixHtml.render(evaluation));
        System.out.printf(
                "masterCategory: best epoch %d of %d, test accuracy %.3f, macro-F1 %.3f, ECE %.3f (%d test images)%n",
                result.bestEpoch(),
                result.epochsRun(),
                evaluation.accuracy(),
                evaluation.macroF1(),
                evaluation.expectedCalibrationError(),
                evaluation.count());
        assertThat(evaluation.count()).isEqualTo(100);
        assertThat(evaluation.accuracy()).isGreaterThanOrEqualTo(0.90);
        assertThat(evaluation.macroF1()).isGreaterThanOrEqualTo(0.90);
    }

    private static List<String> labels(List<Product> products, List<Integer> rows) {
        return rows.stream()
                .map(i -> products.get(i).labels().get("masterCategory"))
                .toList();
    }

    private static int[] targets(LabelSpace space, List<Product> products, List<Integer> rows) {
        return space.indices(labels(products, rows));
    }

    private static float[][] rows(float[][] features, List<Integer> rows) {
        return rows.stream().map(i -> features[i]).toArray(float[][]::new);
    }
}
