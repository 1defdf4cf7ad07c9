package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.inference.analyze.colour.ColourSpace;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.palette.SkinToneCategory;
import org.junit.jupiter.api.Test;

class ColourSpaceTest {

    @Test
    void srgbWhiteIsLab100AndBlackIs0() {
        Lab white = ColourSpace.rgbToLab(255, 255, 255);
        assertThat(white.l()).isCloseTo(100, within(1e-3));
        assertThat(white.a()).isCloseTo(0, within(1e-3));
        assertThat(white.b()).isCloseTo(0, within(1e-3));
        Lab black = ColourSpace.rgbToLab(0, 0, 0);
        assertThat(black.l()).isCloseTo(0, within(1e-9));
    }

    /** Published CIELAB (D65) of the sRGB primaries (e.g. Lindbloom's calculator, easyrgb.com). */
    @Test
    void srgbPrimariesMatchPublishedLab() {
        assertLab(ColourSpace.rgbToLab(255, 0, 0), 53.2408, 80.0925, 67.2032);
        assertLab(ColourSpace.rgbToLab(0, 255, 0), 87.7347, -86.1827, 83.1793);
        assertLab(ColourSpace.rgbToLab(0, 0, 255), 32.2970, 79.1875, -107.8602);
    }

    /** sRGB (128,128,128) has relative luminance Y = ((0.50196+0.055)/1.055)^2.4, and L* = 116 Y^(1/3) − 16. */
    @Test
    void midGreyLightnessFromTheCieFormulaDirectly() {
        double c = 128 / 255.0;
        double y = Math.pow((c + 0.055) / 1.055, 2.4);
        double expectedL = 116 * Math.cbrt(y) - 16;
        Lab grey = ColourSpace.rgbToLab(128, 128, 128);
        assertThat(grey.l()).isCloseTo(expectedL, within(1e-4));
        assertThat(grey.l()).isCloseTo(53.585, within(1e-2));
        assertThat(grey.a()).isCloseTo(0, within(1e-3));
    }

    @Test
    void labToHexRoundTripsEveryGreyAndSomeColours() {
        for (int v = 0; v < 256; v += 15) {
            assertThat(ColourSpace.labToHex(ColourSpace.rgbToLab(v, v, v))).isEqualTo(ColourSpace.hex(v, v, v));
        }
        for (String hex : new String[] {"#e39c7c", "#1f2b4d", "#6b7534", "#c8202e"}) {
            assertThat(ColourSpace.labToHex(ColourSpace.hexToLab(hex))).isEqualTo(hex);
        }
    }

    @Test
    void itaIsTheAngleOfLightnessAgainstYellowness() {
        // atan((70 − 50) / 15) = 53.13°
        assertThat(ColourSpace.ita(new Lab(70, 10, 15))).isCloseTo(53.1301, within(1e-4));
        assertThat(ColourSpace.ita(new Lab(50, 10, 20))).isCloseTo(0, within(1e-9));
        assertThat(ColourSpace.ita(new Lab(30, 10, 20))).isCloseTo(-45, within(1e-9));
    }

    @Test
    void itaCategoriesFollowChardonBoundaries() {
        assertThat(SkinToneCategory.ofIta(60)).isEqualTo(SkinToneCategory.VERY_LIGHT);
        assertThat(SkinToneCategory.ofIta(55)).isEqualTo(SkinToneCategory.LIGHT);
        assertThat(SkinToneCategory.ofIta(41.5)).isEqualTo(SkinToneCategory.LIGHT);
        assertThat(SkinToneCategory.ofIta(30)).isEqualTo(SkinToneCategory.INTERMEDIATE);
        assertThat(SkinToneCategory.ofIta(20)).isEqualTo(SkinToneCategory.TAN);
        assertThat(SkinToneCategory.ofIta(0)).isEqualTo(SkinToneCategory.BROWN);
        assertThat(SkinToneCategory.ofIta(-31)).isEqualTo(SkinToneCategory.DARK);
    }

    private static void assertLab(Lab lab, double l, double a, double b) {
        assertThat(lab.l()).as("L*").isCloseTo(l, within(0.01));
        assertThat(lab.a()).as("a*").isCloseTo(a, within(0.01));
        assertThat(lab.b()).as("b*").isCloseTo(b, within(0.01));
    }
}
