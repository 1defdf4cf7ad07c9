package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 16's lighting evaluation on the portraits of {@code ../shared/datasets/faces/portraits}: each re-rendered
 * under the 12 {@link Relighting}s and analysed by the service's default analyser (real images, real OpenCV).
 *
 * <p>The analyser does not yet meet any of the floors (face found ≥ 0.95, ITA within ±6° ≥ 0.90, category
 * and undertone unchanged ≥ 0.85, biden.jpg lighter than obama.jpg); docs/analyze.md has the measured figures. The
 * bounds below are regression guards two pairs in 96 under what the lighting correction, the eye-placed zones
 * and the L* trim measure on these portraits (0.896 / 0.438 / 0.490 / 0.594, and 0.677 of the answers either within
 * ±6° or flagged unreliable), all above what the uncorrected analyser gets; they are not the floors.
 */
class LightingInvarianceTest {

    @Test
    void correctionKeepsAnswersCloserUnderCastsAndExposures() throws Exception {
        LightingInvariance.Figures figures = LightingInvariance.measure(
                AnalyzeConfiguration.create(AnalyzeProperties.defaults()), LightingInvariance.photos("portraits"));
        System.out.println(figures.summary());

        assertThat(figures.photos())
                .as("portraits with a face in the neutral rendering")
                .isGreaterThanOrEqualTo(8);
        assertThat(figures.faceFoundShare()).as("face found").isGreaterThanOrEqualTo(0.87);
        assertThat(figures.itaWithinShare()).as("ITA within 6 degrees").isGreaterThanOrEqualTo(0.41);
        assertThat(figures.categoryShare()).as("category unchanged").isGreaterThanOrEqualTo(0.46);
        assertThat(figures.undertoneShare()).as("undertone unchanged").isGreaterThanOrEqualTo(0.57);
        assertThat(figures.itaHonestShare())
                .as("ITA within 6 degrees, or the answer says reliable=false")
                .isGreaterThanOrEqualTo(0.65);
    }
}
