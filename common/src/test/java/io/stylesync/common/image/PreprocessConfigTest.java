package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreprocessConfigTest {

    @Test
    void mobileNetV2IsCentreCropWithHalfRangeNormalisation() {
        PreprocessConfig config = PreprocessConfig.mobileNetV2(224);

        assertThat(config.width()).isEqualTo(224);
        assertThat(config.height()).isEqualTo(224);
        assertThat(config.resize()).isEqualTo(ResizePolicy.CENTER_CROP);
        assertThat(config.mean()).containsExactly(127.5f, 127.5f, 127.5f);
        assertThat(config.std()).containsExactly(127.5f, 127.5f, 127.5f);
        assertThat(config.tensorLength()).isEqualTo(3 * 224 * 224);
    }

    @Test
    void imagenetUsesTorchvisionStatisticsOnTheByteScale() {
        PreprocessConfig config = PreprocessConfig.imagenet(224);

        assertThat(config.mean()).containsExactly(123.675f, 116.28f, 103.53f);
        assertThat(config.std()).containsExactly(58.395f, 57.12f, 57.375f);
    }

    @Test
    void equalityComparesArrayContents() {
        PreprocessConfig a =
                new PreprocessConfig(64, 32, ResizePolicy.PAD, new float[] {1, 2, 3}, new float[] {4, 5, 6});
        PreprocessConfig b =
                new PreprocessConfig(64, 32, ResizePolicy.PAD, new float[] {1, 2, 3}, new float[] {4, 5, 6});
        PreprocessConfig c =
                new PreprocessConfig(64, 32, ResizePolicy.PAD, new float[] {1, 2, 3}, new float[] {4, 5, 7});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(PreprocessConfig.mobileNetV2(224)).isEqualTo(PreprocessConfig.mobileNetV2(224));
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] mean = {1, 2, 3};
        PreprocessConfig config = new PreprocessConfig(8, 8, ResizePolicy.STRETCH, mean, new float[] {1, 1, 1});

        mean[0] = 99;
        config.mean()[1] = 99;

        assertThat(config.mean()).containsExactly(1, 2, 3);
    }

    @Test
    void fingerprintIsStableAndSensitiveToEveryField() {
        assertThat(PreprocessConfig.mobileNetV2(224).fingerprint())
                .isEqualTo("preprocess/v1;size=224x224;resize=center_crop;resample=bilinear-pillow"
                        + ";mean=127.5,127.5,127.5;std=127.5,127.5,127.5;layout=chw-rgb-float32");
        assertThat(PreprocessConfig.imagenet(224).fingerprint())
                .isEqualTo("preprocess/v1;size=224x224;resize=center_crop;resample=bilinear-pillow"
                        + ";mean=123.675,116.28,103.53;std=58.395,57.12,57.375;layout=chw-rgb-float32");
        assertThat(PreprocessConfig.mobileNetV2(224).fingerprint())
                .isNotEqualTo(PreprocessConfig.mobileNetV2(160).fingerprint());
        PreprocessConfig padded = new PreprocessConfig(
                224, 224, ResizePolicy.PAD, new float[] {127.5f, 127.5f, 127.5f}, new float[] {127.5f, 127.5f, 127.5f});
        assertThat(padded.fingerprint())
                .isNotEqualTo(PreprocessConfig.mobileNetV2(224).fingerprint());
    }

    @Test
    void rejectsInvalidValues() {
        float[] three = {1, 1, 1};
        assertThatThrownBy(() -> new PreprocessConfig(0, 8, ResizePolicy.STRETCH, three, three))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessConfig(8, 4097, ResizePolicy.STRETCH, three, three))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessConfig(8, 8, ResizePolicy.STRETCH, new float[] {1, 1}, three))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessConfig(8, 8, ResizePolicy.STRETCH, three, new float[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessConfig(8, 8, ResizePolicy.STRETCH, three, new float[] {1, -2, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessConfig(8, 8, ResizePolicy.STRETCH, new float[] {Float.NaN, 1, 1}, three))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessConfig(8, 8, null, three, three))
                .isInstanceOf(NullPointerException.class);
        assertThat(new PreprocessConfig(4096, 1, ResizePolicy.STRETCH, three, three).width())
                .isEqualTo(4096);
    }
}
