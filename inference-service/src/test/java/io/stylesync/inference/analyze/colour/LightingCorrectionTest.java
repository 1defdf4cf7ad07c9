package io.stylesync.inference.analyze.colour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.image.RgbImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LightingCorrectionTest {

    /** Grey patches of random levels, each linear channel multiplied by {@code light}, companded to 8 bits. */
    private static RgbImage greyScene(double[] light) {
        int w = 200;
        int h = 200;
        byte[] rgb = new byte[w * h * 3];
        Random random = new Random(7);
        for (int by = 0; by < h; by += 20) {
            for (int bx = 0; bx < w; bx += 20) {
                double level = 0.05 + 0.6 * random.nextDouble();
                for (int y = by; y < by + 20; y++) {
                    for (int x = bx; x < bx + 20; x++) {
                        for (int c = 0; c < 3; c++) {
                            double v = ColourSpace.toCompanded(Math.min(1, level * light[c]));
                            rgb[(y * w + x) * 3 + c] = (byte) Math.round(v * 255);
                        }
                    }
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static double[] estimate(RgbImage image) {
        return new LightingCorrection(LightingCorrection.Method.SHADES_OF_GREY).estimate(image, List.of());
    }

    @Test
    void aWarmLightOnAGreySceneIsCorrectedBackToGrey() {
        LightingCorrection.Result result = new LightingCorrection(LightingCorrection.Method.SHADES_OF_GREY)
                .correct(greyScene(new double[] {1.3, 1.0, 0.6}), List.of());

        assertThat(result.cast())
                .as("the estimated light is as coloured as the one applied")
                .isCloseTo(2.17, within(0.1));
        double[] after = estimate(result.image());
        assertThat(after[0] / after[1]).as("red / green after the correction").isCloseTo(1, within(0.02));
        assertThat(after[2] / after[1]).as("blue / green after the correction").isCloseTo(1, within(0.02));
    }

    @Test
    void aDarkerExposureLandsOnTheSameLevel() {
        RgbImage bright = greyScene(new double[] {1, 1, 1});
        RgbImage dark = greyScene(new double[] {0.3, 0.3, 0.3});
        var correction = new LightingCorrection(LightingCorrection.Method.SHADES_OF_GREY);

        double brightLevel = estimate(correction.correct(bright, List.of()).image())[1];
        double darkLevel = estimate(correction.correct(dark, List.of()).image())[1];

        assertThat(darkLevel).isCloseTo(brightLevel, within(0.02 * brightLevel));
        assertThat(correction.correct(dark, List.of()).exposure()).isGreaterThan(3);
    }

    @Test
    void noneLeavesTheImageAsItIs() {
        RgbImage scene = greyScene(new double[] {1.3, 1.0, 0.6});
        assertThat(new LightingCorrection(LightingCorrection.Method.NONE)
                        .correct(scene, List.of())
                        .image())
                .isSameAs(scene);
    }
}
