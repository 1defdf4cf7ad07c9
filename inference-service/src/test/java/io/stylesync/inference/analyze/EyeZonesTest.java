package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.face.EyeDetector;
import io.stylesync.inference.analyze.face.Eyes;
import io.stylesync.inference.analyze.face.FaceBox;
import io.stylesync.inference.analyze.face.FaceDetector;
import io.stylesync.inference.analyze.skin.SkinRegion;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Eyes inside a detected face (OpenCV's eye cascades) and the skin zones placed from them. */
class EyeZonesTest {

    private static RgbImage photo(String name) throws Exception {
        return new ImageDecoder(DecodeLimits.defaults())
                .decode(Files.readAllBytes(SharedData.require("datasets/faces/portraits/" + name)));
    }

    @Test
    void bothEyesAreFoundInTheUpperHalfOfAFrontalFace() throws Exception {
        RgbImage image = photo("astronaut.png");
        FaceBox face =
                new FaceDetector(FaceDetector.Settings.defaults()).detect(image).getFirst();

        Eyes eyes = new EyeDetector().find(image, face).orElseThrow();

        assertThat(eyes.left().centreX()).isLessThan(face.x() + face.width() / 2.0);
        assertThat(eyes.right().centreX()).isGreaterThan(face.x() + face.width() / 2.0);
        for (Eyes.Box eye : List.of(eyes.left(), eyes.right())) {
            assertThat(eye.centreY()).isBetween(face.y() + 0.2 * face.height(), face.y() + 0.55 * face.height());
        }
        assertThat(eyes.distance()).isBetween(0.25 * face.width(), 0.6 * face.width());
    }

    @Test
    void theAnalysisSaysItsZonesCameFromTheEyes() throws Exception {
        ColourAnalysis a =
                AnalyzeConfiguration.create(AnalyzeProperties.defaults()).analyze(photo("astronaut.png"));
        assertThat(a.sampledRegion().placedBy()).isEqualTo("eyes");
    }

    @Test
    void eyeZonesSitAboveAndBelowTheEyesAndFollowTheirLevel() {
        Eyes eyes = new Eyes(new Eyes.Box(100, 200, 40, 40), new Eyes.Box(200, 210, 40, 40));
        List<SkinRegion.Rectangle> zones = SkinRegion.zones(new FaceBox(60, 100, 220, 220), Optional.of(eyes));

        SkinRegion.Rectangle forehead = zones.get(0);
        SkinRegion.Rectangle left = zones.get(1);
        SkinRegion.Rectangle right = zones.get(2);
        assertThat(forehead.y() + forehead.height()).isLessThan(200);
        assertThat(forehead.x()).isEqualTo(120);
        assertThat(forehead.x() + forehead.width()).isEqualTo(220);
        assertThat(left.y()).isGreaterThan(240);
        assertThat(right.y()).as("the right cheek follows its lower eye").isGreaterThan(left.y());
        assertThat(left.x() + left.width()).isLessThan(right.x());
    }

    @Test
    void withoutEyesTheZonesAreTheBoxProportions() {
        FaceBox face = new FaceBox(0, 0, 100, 100);
        assertThat(SkinRegion.zones(face, Optional.empty()))
                .containsExactlyElementsOf(
                        SkinRegion.ZONES.stream().map(z -> z.in(face)).toList());
    }
}
