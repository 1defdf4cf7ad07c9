package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.colour.ColourSpace;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.face.FaceBox;
import org.junit.jupiter.api.Test;

class HairContrastTest {

    private static final int[] SKIN = {224, 172, 150};
    private static final int[] HAIR = {40, 30, 25};
    private static final FaceBox FACE = new FaceBox(30, 30, 40, 40);

    /** Skin everywhere, hair colour in every row above {@code hairlineY}. */
    private static RgbImage portrait(int hairlineY) {
        byte[] rgb = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            int[] c = y < hairlineY ? HAIR : SKIN;
            for (int x = 0; x < 100; x++) {
                int i = (y * 100 + x) * 3;
                rgb[i] = (byte) c[0];
                rgb[i + 1] = (byte) c[1];
                rgb[i + 2] = (byte) c[2];
            }
        }
        return new RgbImage(100, 100, rgb);
    }

    @Test
    void darkHairAboveLightSkinIsTheirLightnessDifference() {
        Lab skin = ColourSpace.rgbToLab(SKIN[0], SKIN[1], SKIN[2]);
        double expected =
                skin.l() - ColourSpace.rgbToLab(HAIR[0], HAIR[1], HAIR[2]).l();
        assertThat(ColourAnalyzer.contrast(portrait(32), FACE, skin)).isCloseTo(expected, within(1e-9));
        assertThat(expected).isGreaterThan(50);
    }

    @Test
    void noHairMeansUnknownContrast() {
        Lab skin = ColourSpace.rgbToLab(SKIN[0], SKIN[1], SKIN[2]);
        assertThat(ColourAnalyzer.contrast(portrait(0), FACE, skin)).isNaN();
        // a hairline well above the band: the band (y 25–31) is all skin
        assertThat(ColourAnalyzer.contrast(portrait(20), FACE, skin)).isNaN();
    }
}
