package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Real photographs from the shared datasets; skipped where /work/shared is not mounted. */
class SharedDatasetDecodeTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void fashionProductImagesDecodeTo224Square() throws Exception {
        Path images = SharedData.require("datasets/fashion-products/images");
        List<Path> sample;
        try (Stream<Path> files = Files.list(images)) {
            sample = files.filter(p -> p.toString().endsWith(".jpg"))
                    .sorted()
                    .limit(200)
                    .toList();
        }
        assertThat(sample).isNotEmpty();
        for (Path file : sample) {
            RgbImage image = decoder.decode(Files.readAllBytes(file));
            assertThat(image.width()).as(file.toString()).isEqualTo(224);
            assertThat(image.height()).as(file.toString()).isEqualTo(224);
        }
    }

    @Test
    void portraitsAndImagenetSamplesDecodeToTheirHeaderSize() throws Exception {
        for (String dir : List.of("datasets/faces/portraits", "datasets/imagenet-samples")) {
            Path folder = SharedData.require(dir);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(file);
                    ImageProbe probe = decoder.probe(bytes);
                    RgbImage image = decoder.decode(bytes);
                    assertThat(image.width()).as(file.toString()).isEqualTo(probe.width());
                    assertThat(image.height()).as(file.toString()).isEqualTo(probe.height());
                }
            }
        }
    }

    @Test
    void rgbaPortraitIsCompositedOverWhite() throws Exception {
        Path file = SharedData.require("datasets/faces/portraits/32bit.png");
        byte[] bytes = Files.readAllBytes(file);
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(bytes));

        RgbImage image = decoder.decode(bytes);

        assertThat(reference.getColorModel().hasAlpha()).isTrue();
        for (int y = 0; y < reference.getHeight(); y += 37) {
            for (int x = 0; x < reference.getWidth(); x += 29) {
                int argb = reference.getRGB(x, y);
                int alpha = argb >>> 24;
                int red = (argb >> 16) & 0xFF;
                int expected = (red * alpha + 255 * (255 - alpha) + 127) / 255;
                assertThat(TestImages.pixel(image, x, y)[0])
                        .as("red at %d,%d", x, y)
                        .isEqualTo(expected);
            }
        }
    }
}
