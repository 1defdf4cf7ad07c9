package io.stylesync.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.image.RgbImage;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

class ImageFeatureExtractorTest {

    @Test
    void uniformGreyHasNoContrastSaturationColourfulnessOrHue() {
        ImageFeatures features = ImageFeatureExtractor.extract(image(50, 40, (x, y) -> 0x808080), 2048);

        assertThat(features.brightness()).isEqualTo(128.0, within(1e-9));
        assertThat(features.contrast()).isZero();
        assertThat(features.saturation()).isZero();
        assertThat(features.colourfulness()).isZero();
        assertThat(features.dominantHue()).isEqualTo(-1);
        assertThat(features.aspectRatio()).isEqualTo(1.25);
        assertThat(features.fileSizeKb()).isEqualTo(2.0);
    }

    @Test
    void pureRedIsFullySaturatedWithHueInTheFirstBin() {
        ImageFeatures features = ImageFeatureExtractor.extract(image(10, 10, (x, y) -> 0xFF0000), 100);

        assertThat(features.saturation()).isEqualTo(1.0);
        assertThat(features.dominantHue()).isEqualTo(5.0);
        assertThat(features.brightness()).isEqualTo(0.299 * 255, within(1e-9));
        assertThat(features.contrast()).isZero();
        // uniform: no spread, M = 0.3 * sqrt(mean(rg)^2 + mean(yb)^2) = 0.3 * sqrt(255^2 + 127.5^2)
        assertThat(features.colourfulness()).isEqualTo(0.3 * Math.hypot(255, 127.5), within(1e-9));
    }

    @Test
    void halfBlackHalfWhite() {
        ImageFeatures features = ImageFeatureExtractor.extract(image(20, 10, (x, y) -> x < 10 ? 0 : 0xFFFFFF), 0);

        assertThat(features.brightness()).isEqualTo(127.5);
        assertThat(features.contrast()).isEqualTo(127.5);
        assertThat(features.saturation()).isZero();
        assertThat(features.colourfulness()).isZero();
        assertThat(features.aspectRatio()).isEqualTo(2.0);
    }

    @Test
    void halfRedHalfGreenIsVeryColourful() {
        ImageFeatures features =
                ImageFeatureExtractor.extract(image(20, 10, (x, y) -> x < 10 ? 0xFF0000 : 0x00FF00), 0);

        // rg is +255 or -255 (sd 255, mean 0); yb is 127.5 everywhere (sd 0, mean 127.5)
        assertThat(features.colourfulness()).isEqualTo(255 + 0.3 * 127.5, within(1e-9));
        assertThat(features.colourfulness()).isLessThanOrEqualTo(ImageFeature.COLOURFULNESS.rangeMax());
    }

    @Test
    void dominantHueIsTheMostPopulatedBinAmongSaturatedBrightPixels() {
        // 30 % blue (hue 240), 20 % green (120), 50 % dark or greyish pixels that do not count
        ImageFeatures features = ImageFeatureExtractor.extract(
                image(10, 10, (x, y) -> {
                    int i = y * 10 + x;
                    if (i < 30) {
                        return 0x0000FF;
                    }
                    if (i < 50) {
                        return 0x00FF00;
                    }
                    return i < 75 ? 0x300000 : 0xC0B0B0; // value < 0.2 ; saturation < 0.2
                }),
                0);

        assertThat(features.dominantHue()).isEqualTo(245.0);
    }

    @Test
    void hueBinsCoverTheWholeCircle() {
        assertThat(hueOf(0xFF8000)).isEqualTo(35.0); // orange, 30.1 degrees
        assertThat(hueOf(0xFFFF00)).isEqualTo(65.0); // yellow, 60
        assertThat(hueOf(0x00FFFF)).isEqualTo(185.0); // cyan, 180
        assertThat(hueOf(0xFF00FF)).isEqualTo(305.0); // magenta, 300
        assertThat(hueOf(0xFF0008)).isEqualTo(355.0); // red leaning to magenta, 358
    }

    @Test
    void largeImagesAreSampledOnAFixedGrid() {
        assertThat(ImageFeatureExtractor.stride(224 * 224)).isEqualTo(1);
        assertThat(ImageFeatureExtractor.stride(65_536)).isEqualTo(1);
        assertThat(ImageFeatureExtractor.stride(65_537)).isEqualTo(2);
        assertThat(ImageFeatureExtractor.stride(4000L * 3000)).isEqualTo(14);

        RgbImage large = image(1000, 600, (x, y) -> (x * 7 + y * 13) % 256 * 0x010101);
        ImageFeatures first = ImageFeatureExtractor.extract(large, 12345);
        assertThat(ImageFeatureExtractor.extract(large, 12345)).isEqualTo(first);
        assertThat(ImageFeatureExtractor.extract(image(1000, 600, (x, y) -> 0x808080), 1)
                        .contrast())
                .isZero();
    }

    @Test
    void mapUsesWireNamesInEnumOrder() {
        ImageFeatures features = new ImageFeatures(1, 2, 3, 4, 5, 6, 7);

        assertThat(features.asMap())
                .containsExactly(
                        java.util.Map.entry("brightness", 1.0),
                        java.util.Map.entry("contrast", 2.0),
                        java.util.Map.entry("saturation", 3.0),
                        java.util.Map.entry("colourfulness", 4.0),
                        java.util.Map.entry("dominant_hue", 5.0),
                        java.util.Map.entry("aspect_ratio", 6.0),
                        java.util.Map.entry("file_size_kb", 7.0));
        for (ImageFeature feature : ImageFeature.values()) {
            assertThat(features.asMap().get(feature.wireName())).isEqualTo(features.get(feature));
            assertThat(ImageFeature.fromWireName(feature.wireName())).isEqualTo(feature);
            assertThat(feature.rangeMin()).isLessThan(feature.rangeMax());
        }
    }

    @Test
    void rangesHoldTheExtremes() {
        ImageFeatures black = ImageFeatureExtractor.extract(image(4, 4, (x, y) -> 0), 0);
        ImageFeatures checker =
                ImageFeatureExtractor.extract(image(4, 4, (x, y) -> (x + y) % 2 == 0 ? 0 : 0xFFFFFF), 0);

        assertThat(black.dominantHue())
                .isBetween(ImageFeature.DOMINANT_HUE.rangeMin(), ImageFeature.DOMINANT_HUE.rangeMax());
        assertThat(checker.contrast()).isEqualTo(ImageFeature.CONTRAST.rangeMax());
        assertThat(ImageFeature.FILE_SIZE_KB.wireName()).isEqualTo("file_size_kb");
    }

    private static double hueOf(int rgb) {
        return ImageFeatureExtractor.extract(image(2, 2, (x, y) -> rgb), 0).dominantHue();
    }

    private static RgbImage image(int width, int height, IntBinaryOperator rgb) {
        byte[] bytes = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = rgb.applyAsInt(x, y);
                int p = (y * width + x) * 3;
                bytes[p] = (byte) (v >> 16);
                bytes[p + 1] = (byte) (v >> 8);
                bytes[p + 2] = (byte) v;
            }
        }
        return new RgbImage(width, height, bytes);
    }
}
