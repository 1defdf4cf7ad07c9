package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.testing.ImageCorpus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageResizerTest {

    @ParameterizedTest
    @EnumSource(ResizePolicy.class)
    void sameSizeIsACopy(ResizePolicy policy) {
        RgbImage image = RgbImage.from(TestImages.gradient(30, 20));

        RgbImage resized = ImageResizer.resize(image, 30, 20, policy);

        assertThat(resized.rgb()).isEqualTo(image.rgb()).isNotSameAs(image.rgb());
    }

    @ParameterizedTest
    @EnumSource(ResizePolicy.class)
    void uniformColourStaysUniform(ResizePolicy policy) {
        RgbImage image = uniform(123, 77, 10, 200, 99);

        RgbImage resized = ImageResizer.resize(image, 37, 51, policy);

        assertThat(resized.width()).isEqualTo(37);
        assertThat(resized.height()).isEqualTo(51);
        if (policy != ResizePolicy.PAD) {
            assertThat(resized.rgb()).isEqualTo(uniform(37, 51, 10, 200, 99).rgb());
        }
    }

    @Test
    void shrinkingAveragesInsteadOfSkipping() {
        // 1-px black/white stripes: point sampling would give all black or all white; antialiasing gives grey
        RgbImage stripes = RgbImage.from(ImageCorpus.rgbImage(200, 10, (x, y) -> x % 2 == 0 ? 0 : 0xFFFFFF));

        RgbImage resized = ImageResizer.resize(stripes, 20, 10, ResizePolicy.STRETCH);

        for (byte b : resized.rgb()) {
            assertThat(b & 0xFF).isBetween(120, 135);
        }
    }

    @Test
    void centerCropKeepsTheMiddle() {
        // left third red, middle third green, right third blue; a square crop of a 3:1 image is the green part
        RgbImage image =
                RgbImage.from(ImageCorpus.rgbImage(90, 30, (x, y) -> x < 30 ? 0xFF0000 : x < 60 ? 0x00FF00 : 0x0000FF));

        RgbImage cropped = ImageResizer.resize(image, 10, 10, ResizePolicy.CENTER_CROP);

        assertThat(TestImages.pixel(cropped, 5, 5)).containsExactly(0, 255, 0);
        assertThat(TestImages.pixel(cropped, 1, 5)[1]).isGreaterThan(200);
        assertThat(TestImages.pixel(cropped, 8, 5)[1]).isGreaterThan(200);
    }

    @Test
    void padFitsInsideAndFillsWithWhite() {
        RgbImage image = uniform(100, 50, 0, 0, 0);

        RgbImage padded = ImageResizer.resize(image, 40, 40, ResizePolicy.PAD);

        // 100x50 fits as 40x20, centred: rows 10..29 black, the rest white
        assertThat(TestImages.pixel(padded, 20, 0)).containsExactly(255, 255, 255);
        assertThat(TestImages.pixel(padded, 20, 9)).containsExactly(255, 255, 255);
        assertThat(TestImages.pixel(padded, 20, 10)).containsExactly(0, 0, 0);
        assertThat(TestImages.pixel(padded, 0, 29)).containsExactly(0, 0, 0);
        assertThat(TestImages.pixel(padded, 39, 30)).containsExactly(255, 255, 255);
    }

    @Test
    void extremeAspectRatiosStillGiveTheTargetSize() {
        RgbImage line = uniform(1000, 1, 50, 50, 50);

        assertThat(ImageResizer.resize(line, 224, 224, ResizePolicy.PAD).height())
                .isEqualTo(224);
        assertThat(ImageResizer.resize(line, 224, 224, ResizePolicy.CENTER_CROP).width())
                .isEqualTo(224);
        assertThat(ImageResizer.resize(uniform(1, 1, 9, 9, 9), 3, 2, ResizePolicy.STRETCH)
                        .rgb())
                .isEqualTo(uniform(3, 2, 9, 9, 9).rgb());
    }

    @Test
    void rejectsEmptyTargets() {
        RgbImage image = uniform(4, 4, 0, 0, 0);

        assertThatThrownBy(() -> ImageResizer.resize(image, 0, 4, ResizePolicy.STRETCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static RgbImage uniform(int width, int height, int r, int g, int b) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) r;
            rgb[i + 1] = (byte) g;
            rgb[i + 2] = (byte) b;
        }
        return new RgbImage(width, height, rgb);
    }

    @Test
    void rgbImageChecksItsBufferLength() {
        assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RgbImage(0, 2, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.equals(new RgbImage(1, 1, new byte[3]).rgb(), new byte[3]))
                .isTrue();
    }
}
