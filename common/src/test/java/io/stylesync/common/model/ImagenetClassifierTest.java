package io.stylesync.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proof that the shared preprocessing matches what the pretrained backbone expects: the real
 * ImageNet MobileNetV2, fed through {@link ImagePreprocessor}, names the known class of each sample.
 */
class ImagenetClassifierTest {

    @ParameterizedTest
    @CsvSource({"cat.bmp, Egyptian cat", "bird.bmp, chickadee", "parrot.jpg, macaw"})
    void classifiesTheImagenetSamplesThroughTheSharedPreprocessing(String file, String expected) throws Exception {
        Path modelDir = SharedData.require("models/mobilenet-v2");
        Path image = SharedData.require("datasets/imagenet-samples/" + file);
        List<String> labels = Files.readAllLines(modelDir.resolve("imagenet_labels.txt"));
        PreprocessConfig config = PreprocessConfig.mobileNetV2(224);
        float[] input = new ImagePreprocessor(config, new ImageDecoder(DecodeLimits.defaults()))
                .preprocess(Files.readAllBytes(image));

        float[] logits;
        try (TorchScriptModel model = TorchScriptModel.load(modelDir.resolve("imagenet-classifier.pt"))) {
            logits = model.forward(input, 1, 224, 224);
        }

        assertThat(logits).hasSize(labels.size());
        int top1 = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[top1]) {
                top1 = i;
            }
        }
        assertThat(labels.get(top1)).isEqualTo(expected);
    }
}
