package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reliability block of real answers: a well-lit large face is reliable, a 43 px face says it is too small. */
class ReliabilityTest {

    private static ColourAnalyzer analyzer;

    @BeforeAll
    static void load() {
        analyzer = AnalyzeConfiguration.create(AnalyzeProperties.defaults());
    }

    private static ColourAnalysis analyze(String path) throws Exception {
        return analyzer.analyze(
                new ImageDecoder(DecodeLimits.defaults()).decode(Files.readAllBytes(SharedData.require(path))));
    }

    @Test
    void aLargeEvenlyLitFaceIsReliable() throws Exception {
        ColourAnalysis a = analyze("datasets/faces/portraits/obama.jpg");
        assertThat(a.reliability().reliable()).as(a.reliability().toString()).isTrue();
        assertThat(a.reliability().confidence()).isBetween(0.5, 1.0);
        assertThat(a.uncorrected()).isNotNull();
        assertThat(a.lighting().method()).isEqualTo("shades_of_grey");
    }

    @Test
    void aSmallFaceIsFlaggedWithAReason() throws Exception {
        ColourAnalysis a = analyze("datasets/faces/annotated/2008_004176.jpg");
        assertThat(a.faceBox().width()).isLessThan(ReliabilityCheck.MIN_FACE_WIDTH);
        assertThat(a.reliability().reliable()).isFalse();
        assertThat(a.reliability().reasons())
                .extracting(ColourAnalysis.Reason::code)
                .contains("face_too_small");
        assertThat(a.reliability().confidence()).isLessThan(0.5);
    }

    @Test
    void aStrongCastIsCorrectedOrFlagged() throws Exception {
        ColourAnalysis neutral = analyze("datasets/faces/portraits/obama.jpg");
        Relighting tungsten = Relighting.ALL.stream()
                .filter(r -> r.name().equals("tungsten"))
                .findFirst()
                .orElseThrow();
        ColourAnalysis relit = analyzer.analyze(tungsten.apply(new ImageDecoder(DecodeLimits.defaults())
                .decode(Files.readAllBytes(SharedData.require("datasets/faces/portraits/obama.jpg")))));
        boolean held = Math.abs(relit.skinTone().ita() - neutral.skinTone().ita()) <= 6;
        assertThat(held || !relit.reliability().reliable())
                .as(
                        "tungsten: ITA %s vs %s neutral, %s",
                        relit.skinTone().ita(), neutral.skinTone().ita(), relit.reliability())
                .isTrue();
        assertThat(relit.lighting().cast())
                .as("the estimated light is strongly coloured")
                .isGreaterThan(2);
    }
}
