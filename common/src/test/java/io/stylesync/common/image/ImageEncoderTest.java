package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageEncoderTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void pngRoundTripsExactly() throws Exception {
        RgbImage image = RgbImage.from(TestImages.gradient(37, 23));

        byte[] png = ImageEncoder.png(image);

        assertThat(decoder.probe(png).format()).isEqualTo(ImageFormat.PNG);
        assertThat(decoder.decode(png).rgb()).isEqualTo(image.rgb());
    }

    @Test
    void jpegRoundTripsClosely() throws Exception {
        RgbImage image = RgbImage.from(TestImages.gradient(64, 48));

        byte[] jpeg = ImageEncoder.jpeg(image, 0.95f);
        RgbImage decoded = decoder.decode(jpeg);

        assertThat(decoder.probe(jpeg)).isEqualTo(new ImageProbe(ImageFormat.JPEG, 64, 48));
        assertThat(ImageResizerGoldenTest.maxAbsDiff(decoded.rgb(), image.rgb()))
                .isLessThan(16);
        assertThat(ImageEncoder.jpeg(image, 0.3f).length).isLessThan(jpeg.length);
    }

    @Test
    void rejectsQualityOutsideZeroToOne() {
        RgbImage image = RgbImage.from(TestImages.gradient(4, 4));

        assertThatThrownBy(() -> ImageEncoder.jpeg(image, 1.5f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageEncoder.jpeg(image, Float.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
