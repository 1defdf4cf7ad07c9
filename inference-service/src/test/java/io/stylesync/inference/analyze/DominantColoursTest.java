package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.colour.BaseColour;
import io.stylesync.inference.analyze.colour.DominantColours;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DominantColoursTest {

    private final DominantColours colours = new DominantColours(DominantColours.Settings.defaults());

    /** Three flat bands of known colour in known proportions: k-means must return them and their shares. */
    @Test
    void recoversFlatColoursAndTheirShares() {
        int w = 100;
        int h = 100;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int[] c = y < 50 ? new int[] {31, 43, 77} : y < 80 ? new int[] {200, 32, 46} : new int[] {247, 247, 245};
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) c[0];
                rgb[i + 1] = (byte) c[1];
                rgb[i + 2] = (byte) c[2];
            }
        }
        List<DominantColours.Colour> found =
                new DominantColours(new DominantColours.Settings(3, 7, 20_000, 30)).of(new RgbImage(w, h, rgb));
        assertThat(found).extracting(DominantColours.Colour::hex).containsExactly("#1f2b4d", "#c8202e", "#f7f7f5");
        assertThat(found).extracting(DominantColours.Colour::share).containsExactly(0.5, 0.3, 0.2);
        assertThat(found).extracting(DominantColours.Colour::baseColour).containsExactly("Navy Blue", "Red", "White");
    }

    @Test
    void sameImageSameColoursAndSharesSumToOne() throws Exception {
        Path photo = SharedData.require("datasets/faces/portraits/two_people.jpg");
        RgbImage image = new ImageDecoder(DecodeLimits.defaults()).decode(Files.readAllBytes(photo));
        List<DominantColours.Colour> first = colours.of(image);
        assertThat(colours.of(image)).isEqualTo(first);
        assertThat(first).hasSize(5);
        assertThat(first.stream().mapToDouble(DominantColours.Colour::share).sum())
                .isCloseTo(1.0, within(1e-3));
        assertThat(first).isSortedAccordingTo((a, b) -> Double.compare(b.share(), a.share()));
    }

    /** Every name the analyser can return is a real baseColour of the catalogue. */
    @Test
    void baseColourVocabularyIsTheCataloguesOwn() throws Exception {
        Path styles = SharedData.require("datasets/fashion-products/styles.csv");
        List<String> lines = Files.readAllLines(styles);
        int column = List.of(lines.getFirst().split(",")).indexOf("baseColour");
        Set<String> catalogue = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length > column) {
                catalogue.add(f[column]);
            }
        }
        for (BaseColour c : BaseColour.values()) {
            assertThat(catalogue).as("baseColour vocabulary").contains(c.label());
        }
    }
}
