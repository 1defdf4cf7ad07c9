package io.stylesync.training.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.testing.SharedData;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.training.augment.Augmentation;
import io.stylesync.training.data.FashionProductsSample;
import io.stylesync.training.data.FashionProductsSample.Product;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.embedding.EmbeddingExtractor;
import io.stylesync.training.embedding.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real fine-tune: the shared MobileNetV2 on 64 real product photos at 224x224, last block trainable,
 * one epoch. Checks what changed in the saved TorchScript, parameter by parameter.
 */
@SlowTest("fine-tunes a real backbone")
class BackboneFineTunerTest {

    private static final List<String> CLASSES = List.of("Apparel", "Footwear", "Accessories");
    private static final ImagePreprocessor PREPROCESSOR =
            new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults()));

    @Test
    void lastBlockFineTuneChangesOnlyTheLastBlockAndSavesLoadableTorchScript(@TempDir Path tmp) throws Exception {
        Path original = SharedData.require("models/mobilenet-v2/backbone-features.pt");
        List<Product> products =
                FashionProductsSample.balanced("masterCategory", CLASSES, 22).subList(0, 64);
        List<Product> train = new ArrayList<>();
        List<Product> val = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            (i % 4 == 3 ? val : train).add(products.get(i));
        }
        LabelSpace space = LabelSpace.fit(
                "masterCategory",
                train.stream().map(p -> p.labels().get("masterCategory")).toList(),
                10,
                1);
        Map<String, int[]> trainY = targets(space, train);
        Map<String, int[]> valY = targets(space, val);

        // Linear probe on the frozen features first, as the pipeline does.
        float[][] trainX;
        float[][] valX;
        try (TorchScriptModel frozen = TorchScriptModel.load(original)) {
            EmbeddingExtractor extractor = new EmbeddingExtractor(frozen, PREPROCESSOR, 16);
            trainX = extractor.extract(train.stream().map(Product::bytes).toList(), ProgressListener.NONE);
            valX = extractor.extract(val.stream().map(Product::bytes).toList(), ProgressListener.NONE);
        }
        List<ClassifierHead> probe = new HeadTrainer()
                .train(
                        trainX,
                        trainY,
                        valX,
                        valY,
                        List.of(space),
                        HeadTrainingConfig.defaults().withEpochs(10))
                .heads();

        Path saved = tmp.resolve("backbone.pt");
        List<Integer> forwarded = new ArrayList<>();
        FineTuneConfig config = new FineTuneConfig(
                FreezePolicy.lastBlocks(1), 1, 16, 1e-3f, 1e-3f, 0f, 0, true, 7L, new Augmentation(true, 0.8f, 0.2f));
        FineTuneResult result = new BackboneFineTuner()
                .train(
                        original,
                        images(train),
                        trainY,
                        images(val),
                        valY,
                        List.of(space),
                        probe,
                        PREPROCESSOR,
                        config,
                        Device.cpu(),
                        saved,
                        new TrainingListenerAdapter() {
                            @Override
                            public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                                forwarded.add(batchData.getBatch().getSize());
                            }

                            @Override
                            public void onValidationBatch(Trainer trainer, BatchData batchData) {
                                forwarded.add(batchData.getBatch().getSize());
                            }
                        });

        assertThat(result.trainableBlocks()).containsExactly("params.c61");
        assertThat(result.trainedParameters()).isEqualTo(2);
        assertThat(result.epochsRun()).isEqualTo(1);
        assertThat(result.trainLoss())
                .hasSize(1)
                .allSatisfy(l -> assertThat(l).isFinite().isPositive());
        assertThat(forwarded.stream().mapToInt(Integer::intValue).sum()).isEqualTo(train.size() + val.size());
        assertThat(result.reloadDifference()).isLessThan(1e-5);
        assertThat(Files.size(saved)).isGreaterThan(1_000_000);
        assertThat(tmp.resolve("backbone.pt.best")).doesNotExist();

        Map<String, float[]> before = parameters(original);
        Map<String, float[]> after = parameters(saved);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        for (String name : before.keySet()) {
            if (name.startsWith("params.c61_")) {
                assertThat(after.get(name)).as(name + " trained").isNotEqualTo(before.get(name));
            } else {
                assertThat(after.get(name)).as(name + " frozen").isEqualTo(before.get(name));
            }
        }
        // The fine-tuned file is a plain TorchScript backbone: same output size, loaded as inference loads it.
        float[] x = PREPROCESSOR.preprocess(val.getFirst().bytes().get());
        try (TorchScriptModel reloaded = TorchScriptModel.load(saved);
                TorchScriptModel frozen = TorchScriptModel.load(original)) {
            float[] tuned = reloaded.forward(x, 1, 224, 224);
            assertThat(tuned).hasSize(1280).isNotEqualTo(frozen.forward(x, 1, 224, 224));
        }
        assertThat(result.heads().getFirst().featureDim()).isEqualTo(1280);
    }

    @Test
    void freezingThatCannotBeDoneIsRefusedWithTheReason() {
        BackboneBlocks blocks = new BackboneBlocks(List.of("params.c0_w", "params.c0_b", "params.c1_w", "params.c1_b"));
        assertThat(blocks.names()).containsExactly("params.c0", "params.c1");
        assertThatThrownBy(() -> blocks.trainable(FreezePolicy.lastBlocks(3)))
                .hasMessageContaining("has 2 blocks")
                .hasMessageContaining("last 3");
        assertThatThrownBy(() -> new BackboneBlocks(List.of()).trainable(FreezePolicy.full()))
                .hasMessageContaining("no trainable parameters");
        BackboneBlocks torchvision = new BackboneBlocks(List.of(
                "features.0.0.weight",
                "features.0.1.weight",
                "features.0.1.bias",
                "features.1.conv.0.0.weight",
                "features.18.1.bias",
                "classifier.1.weight"));
        assertThat(torchvision.names()).containsExactly("features.0", "features.1", "features.18", "classifier.1");
        assertThat(torchvision.trainable(FreezePolicy.lastBlocks(2)))
                .containsExactly("features.18.1.bias", "classifier.1.weight");
        assertThat(torchvision.trainable(FreezePolicy.frozen())).isEmpty();
        assertThat(torchvision.trainable(FreezePolicy.full())).hasSize(6);
        assertThat(torchvision.trainableBlocks(FreezePolicy.lastBlocks(1))).containsExactly("classifier.1");
    }

    private static Map<String, int[]> targets(LabelSpace space, List<Product> products) {
        return Map.of(
                space.attribute(),
                products.stream()
                        .mapToInt(p -> space.index(p.labels().get(space.attribute())))
                        .toArray());
    }

    private static TrainingImages images(List<Product> products) {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        return new TrainingImages() {
            @Override
            public int size() {
                return products.size();
            }

            @Override
            public RgbImage image(int index) {
                try {
                    return PREPROCESSOR.resize(
                            decoder.decode(products.get(index).bytes().get()));
                } catch (InvalidImageException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static Map<String, float[]> parameters(Path file) throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("PyTorch")
                .optTranslator(new NoopTranslator())
                .optOption("trainParam", "false")
                .build();
        Map<String, float[]> values = new LinkedHashMap<>();
        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }
}
