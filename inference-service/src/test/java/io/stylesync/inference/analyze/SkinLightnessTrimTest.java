package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.face.FaceBox;
import io.stylesync.inference.analyze.skin.SkinClassifier;
import io.stylesync.inference.analyze.skin.SkinSampler;
import org.junit.jupiter.api.Test;

/** The L* trim of the skin sample: highlights and shadows at the ends of each zone's lightness are left out. */
class SkinLightnessTrimTest {

    /** A face-sized square of skin whose brightness rises from top to bottom (a shadow to a highlight). */
    private static RgbImage graded() {
        int side = 200;
        byte[] rgb = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            double f = 0.8 + 0.3 * y / (side - 1.0);
            for (int x = 0; x < side; x++) {
                int i = (y * side + x) * 3;
                rgb[i] = (byte) Math.round(200 * f);
                rgb[i + 1] = (byte) Math.round(150 * f);
                rgb[i + 2] = (byte) Math.round(120 * f);
            }
        }
        return new RgbImage(side, side, rgb);
    }

    @Test
    void aTrimKeepsTheMiddleOfEachZonesLightness() {
        SkinClassifier classifier = SkinClassifier.fromClasspath();
        FaceBox face = new FaceBox(0, 0, 200, 200);
        SkinSampler.Sample all = new SkinSampler(classifier, SkinSampler.LightnessTrim.none()).sample(graded(), face);
        SkinSampler.Sample trimmed =
                new SkinSampler(classifier, new SkinSampler.LightnessTrim(0.1, 0.9)).sample(graded(), face);

        assertThat(all.skinPixels()).as("the graded skin is skin").isGreaterThan(1000);
        assertThat(all.keptPixels()).isEqualTo(all.skinPixels());
        assertThat(trimmed.skinPixels()).isEqualTo(all.skinPixels());
        assertThat(trimmed.keptPixels() / (double) trimmed.skinPixels()).isBetween(0.7, 0.95);
    }

    @Test
    void percentilesOutOfOrderAreRefused() {
        assertThatThrownBy(() -> new SkinSampler.LightnessTrim(0.9, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
