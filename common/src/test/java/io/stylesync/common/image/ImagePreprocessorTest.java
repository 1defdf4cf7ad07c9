package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.testing.ImageCorpus;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void tensorIsChannelPlanarRgb() {
        PreprocessConfig config =
                new PreprocessConfig(2, 1, ResizePolicy.STRETCH, new float[] {0, 0, 0}, new float[] {1, 1, 1});
        ImagePreprocessor preprocessor = new ImagePreprocessor(config, decoder);
        RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});

        assertThat(preprocessor.toTensor(image)).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void normalisesPerChannel() {
        PreprocessConfig config =
                new PreprocessConfig(1, 1, ResizePolicy.STRETCH, new float[] {10, 20, 30}, new float[] {2, 4, 5});
        ImagePreprocessor preprocessor = new ImagePreprocessor(config, decoder);

        float[] tensor = preprocessor.toTensor(new RgbImage(1, 1, new byte[] {20, 20, (byte) 255}));

        assertThat(tensor).containsExactly(5f, 0f, 45f);
    }

    @Test
    void fillsABatchAtAnOffsetWithoutTouchingTheRest() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessConfig.mobileNetV2(2), decoder);
        RgbImage white = ImageResizerTest.uniform(2, 2, 255, 255, 255);
        float[] batch = new float[3 * 12 + 1];
        java.util.Arrays.fill(batch, 7f);

        preprocessor.toTensor(white, batch, 13);

        assertThat(batch[12]).isEqualTo(7f);
        for (int i = 13; i < 25; i++) {
            assertThat(batch[i]).isEqualTo(1f);
        }
        assertThat(batch[25]).isEqualTo(7f);
        assertThatThrownBy(() -> preprocessor.toTensor(white, batch, 26)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void refusesImagesOfTheWrongSize() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), decoder);

        assertThatThrownBy(() -> preprocessor.toTensor(ImageResizerTest.uniform(100, 224, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("224x224");
    }

    @Test
    void preprocessIsDecodeResizeTensor() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessConfig.imagenet(32), decoder);
        byte[] jpeg = ImageCorpus.jpeg(TestImages.gradient(80, 60), 0.9f);

        float[] tensor = preprocessor.preprocess(jpeg);

        assertThat(tensor).containsExactly(preprocessor.toTensor(preprocessor.resize(decoder.decode(jpeg))));
        assertThat(preprocessor.config()).isEqualTo(PreprocessConfig.imagenet(32));
    }

    @Test
    void preprocessPassesDecodeFailuresOn() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), decoder);

        assertThatThrownBy(() -> preprocessor.preprocess(new byte[0]))
                .isInstanceOfSatisfying(
                        InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.EMPTY));
    }
}
