package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.skin.SkinClassifier;
import io.stylesync.inference.analyze.skin.SkinModelFitter;
import io.stylesync.inference.analyze.skin.SkinModelFitter.CrossValidation;
import io.stylesync.inference.analyze.skin.SkinModelFitter.Pixel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed skin histogram is what the fitter makes from the UCI data, and it generalises to unseen colours. */
class SkinModelTest {

    private static List<Pixel> pixels;

    @BeforeAll
    static void read() throws Exception {
        pixels = SkinModelFitter.read(SharedData.require("datasets/skin/uci-skin-segmentation-bgr.csv"));
    }

    @Test
    void uciLabelsAreOneForSkin() {
        assertThat(pixels).hasSize(245_057);
        assertThat(pixels.stream().filter(Pixel::skin).count()).isEqualTo(50_859);
    }

    @Test
    void committedModelIsExactlyTheRefit() throws Exception {
        String refit = SkinModelFitter.fit(pixels, SkinModelFitter.BINS, SkinModelFitter.THRESHOLD)
                .toText(SkinModelFitter.provenance(pixels));
        try (InputStream in = SkinClassifier.class.getResourceAsStream(SkinClassifier.RESOURCE)) {
            assertThat(in).as(SkinClassifier.RESOURCE).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(refit);
        }
    }

    @Test
    void heldOutAccuracyOnUnseenColoursIsAtLeast99Percent() {
        CrossValidation cv = SkinModelFitter.crossValidate(pixels, SkinModelFitter.BINS, SkinModelFitter.THRESHOLD);
        System.out.printf(
                "skin classifier: colour-disjoint 5-fold accuracy %.4f, skin recall %.4f, non-skin %.4f%n",
                cv.accuracy(), cv.truePositiveRate(), cv.trueNegativeRate());
        assertThat(cv.accuracy()).isGreaterThanOrEqualTo(0.99);
        assertThat(cv.truePositiveRate()).isGreaterThanOrEqualTo(0.98);
        assertThat(cv.trueNegativeRate()).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void committedModelSeparatesObviousColours() {
        SkinClassifier skin = SkinClassifier.fromClasspath();
        // median skin colours measured on the portraits in ../shared (32bit.png, two_people.jpg, biden.jpg)
        assertThat(skin.isSkin(227, 156, 124)).as("light skin").isTrue();
        assertThat(skin.isSkin(176, 114, 85)).as("brown skin").isTrue();
        assertThat(skin.isSkin(159, 99, 86)).as("shaded skin").isTrue();
        assertThat(skin.isSkin(30, 60, 200)).as("blue").isFalse();
        assertThat(skin.isSkin(20, 20, 20)).as("black").isFalse();
        assertThat(skin.isSkin(40, 160, 60)).as("green").isFalse();
    }
}
