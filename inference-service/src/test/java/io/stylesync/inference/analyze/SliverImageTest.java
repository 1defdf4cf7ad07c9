package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.image.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid but extreme shapes: a 1x4000 sliver made OpenCV's resize assert (a 500) before the detector guarded it. */
class SliverImageTest {

    static final ColourAnalyzer ANALYZER = AnalyzeConfiguration.create(AnalyzeProperties.defaults());

    static RgbImage skinColoured(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = (byte) 150;
            rgb[i + 2] = (byte) 120;
        }
        return new RgbImage(width, height, rgb);
    }

    @ParameterizedTest
    @CsvSource({"1, 4000", "4000, 1", "23, 5000", "5000, 23", "1, 1"})
    void aSliverHoldsNoFaceAndIsRefusedWithItsSize(int width, int height) {
        RgbImage sliver = skinColoured(width, height);
        assertThat(ANALYZER.detector().detect(sliver)).isEmpty();
        assertThatThrownBy(() -> ANALYZER.analyze(sliver))
                .isInstanceOf(NoFaceFoundException.class)
                .hasMessageContaining(width + "x" + height + " pixels, too narrow to hold a face");
    }

    @ParameterizedTest
    @CsvSource({"24, 24", "800, 24", "30, 4000"})
    void shapesWideEnoughForTheCascadeAreSearched(int width, int height) {
        RgbImage image = skinColoured(width, height);
        // searched without an OpenCV assertion; a flat colour holds no face
        assertThat(ANALYZER.detector().detect(image)).isEmpty();
        assertThatThrownBy(() -> ANALYZER.analyze(image))
                .isInstanceOf(NoFaceFoundException.class)
                .hasMessageNotContaining("too narrow");
    }
}
