package io.stylesync.training.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.RgbImage;
import io.stylesync.training.data.FashionProductsSample;
import org.junit.jupiter.api.Test;

/** Augmentation of a real product photo at 224x224. */
class ImageAugmenterTest {

    private static RgbImage photo() throws Exception {
        ImagePreprocessor p =
                new ImagePreprocessor(PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults()));
        return p.resize(new ImageDecoder(DecodeLimits.defaults())
                .decode(FashionProductsSample.all().getFirst().bytes().get()));
    }

    @Test
    void sameSeedEpochAndIndexGiveTheSameImageAndOthersDiffer() throws Exception {
        RgbImage image = photo();
        Augmentation all = new Augmentation(true, 0.6f, 0.3f);
        RgbImage a = new ImageAugmenter(all, 42).apply(image, 1, 7);
        RgbImage b = new ImageAugmenter(all, 42).apply(image, 1, 7);
        assertThat(a.width()).isEqualTo(224);
        assertThat(a.height()).isEqualTo(224);
        assertThat(a.rgb()).isEqualTo(b.rgb()).isNotEqualTo(image.rgb());
        assertThat(new ImageAugmenter(all, 42).apply(image, 2, 7).rgb()).isNotEqualTo(a.rgb());
        assertThat(new ImageAugmenter(all, 43).apply(image, 1, 7).rgb()).isNotEqualTo(a.rgb());
        assertThat(image.rgb()).as("input untouched").isEqualTo(photo().rgb());
    }

    @Test
    void noAugmentationReturnsTheImageAndFlipMirrorsRows() throws Exception {
        RgbImage image = photo();
        assertThat(new ImageAugmenter(Augmentation.none(), 1).apply(image, 1, 0))
                .isSameAs(image);
        RgbImage flipped = ImageAugmenter.flip(image);
        byte[] s = image.rgb();
        byte[] f = flipped.rgb();
        for (int y : new int[] {0, 100, 223}) {
            for (int x : new int[] {0, 17, 223}) {
                for (int c = 0; c < 3; c++) {
                    assertThat(f[(y * 224 + (223 - x)) * 3 + c]).isEqualTo(s[(y * 224 + x) * 3 + c]);
                }
            }
        }
        assertThat(ImageAugmenter.flip(flipped).rgb()).isEqualTo(s);
        // Flip only: about half of the examples come out mirrored, the rest unchanged.
        ImageAugmenter flipOnly = new ImageAugmenter(new Augmentation(true, 1f, 0f), 5);
        int mirrored = 0;
        for (int i = 0; i < 200; i++) {
            RgbImage out = flipOnly.apply(image, 1, i);
            if (java.util.Arrays.equals(out.rgb(), f)) {
                mirrored++;
            } else {
                assertThat(out.rgb()).isEqualTo(s);
            }
        }
        assertThat(mirrored).isBetween(70, 130);
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new Augmentation(false, 0f, 0f)).hasMessageContaining("minCropScale");
        assertThatThrownBy(() -> new Augmentation(false, 1f, 1f)).hasMessageContaining("colourJitter");
    }
}
