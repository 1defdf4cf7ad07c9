package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.inference.analyze.colour.BaseColour;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.palette.Palette;
import io.stylesync.inference.analyze.palette.Season;
import io.stylesync.inference.analyze.palette.SeasonalPalettes;
import io.stylesync.inference.analyze.palette.Undertone;
import org.junit.jupiter.api.Test;

class PaletteRulesTest {

    @Test
    void undertoneFollowsTheLabHueAngle() {
        // hue = atan2(b*, a*): 38° (reddish), 55° (between), 66° (yellowish)
        assertThat(Undertone.of(new Lab(60, 20, 15.6))).isEqualTo(Undertone.COOL);
        assertThat(Undertone.of(new Lab(60, 15, 21.4))).isEqualTo(Undertone.NEUTRAL);
        assertThat(Undertone.of(new Lab(60, 10, 22.5))).isEqualTo(Undertone.WARM);
    }

    @Test
    void seasonsFromUndertoneDepthAndContrast() {
        assertThat(Season.of(Undertone.WARM, 50, 65, 20)).isEqualTo(Season.SPRING);
        assertThat(Season.of(Undertone.WARM, 50, 65, 55)).isEqualTo(Season.AUTUMN);
        assertThat(Season.of(Undertone.WARM, 20, 65, Double.NaN)).isEqualTo(Season.AUTUMN);
        assertThat(Season.of(Undertone.COOL, 50, 40, 20)).isEqualTo(Season.SUMMER);
        assertThat(Season.of(Undertone.COOL, 50, 40, 55)).isEqualTo(Season.WINTER);
        assertThat(Season.of(Undertone.COOL, 0, 40, Double.NaN)).isEqualTo(Season.WINTER);
        assertThat(Season.of(Undertone.NEUTRAL, 50, 57, Double.NaN)).isEqualTo(Season.SPRING);
        assertThat(Season.of(Undertone.NEUTRAL, 50, 52, Double.NaN)).isEqualTo(Season.SUMMER);
    }

    @Test
    void everySeasonWearsAndAvoidsDistinctCatalogueColours() {
        for (Season season : Season.values()) {
            for (Undertone undertone : Undertone.values()) {
                Palette p = SeasonalPalettes.of(season, undertone);
                assertThat(p.wear()).hasSizeGreaterThanOrEqualTo(5);
                assertThat(p.avoid()).hasSizeGreaterThanOrEqualTo(4);
                assertThat(p.metals()).isNotEmpty();
                assertThat(p.wearBaseColours()).doesNotContainAnyElementsOf(p.avoidBaseColours());
                p.wear()
                        .forEach(s -> assertThat(BaseColour.byLabel(s.baseColour()))
                                .as(s.name())
                                .isPresent());
                p.avoid()
                        .forEach(s -> assertThat(BaseColour.byLabel(s.baseColour()))
                                .as(s.name())
                                .isPresent());
                p.metals()
                        .forEach(s -> assertThat(BaseColour.byLabel(s.baseColour()))
                                .as(s.name())
                                .isPresent());
            }
        }
        assertThat(SeasonalPalettes.of(Season.AUTUMN, Undertone.WARM).metals())
                .extracting(Palette.Swatch::name)
                .containsExactly("gold");
        assertThat(SeasonalPalettes.of(Season.WINTER, Undertone.COOL).metals())
                .extracting(Palette.Swatch::name)
                .containsExactly("silver");
        assertThat(SeasonalPalettes.of(Season.SUMMER, Undertone.NEUTRAL).metals())
                .extracting(Palette.Swatch::name)
                .containsExactly("silver", "rose gold");
    }
}
