package io.stylesync.common.image;

import io.stylesync.common.testing.ImageCorpus;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The image tests' own synthetic image, pixel look-up and classpath resources; files in general are {@link ImageCorpus}'. */
final class TestImages {

    private TestImages() {}

    /** Colourful, smooth-ish content that survives JPEG well. */
    static BufferedImage gradient(int width, int height) {
        return ImageCorpus.rgbImage(
                width,
                height,
                (x, y) -> (x * 255 / Math.max(1, width - 1)) << 16 | (y * 255 / Math.max(1, height - 1)) << 8 | 128);
    }

    static int[] pixel(RgbImage image, int x, int y) {
        int i = (y * image.width() + x) * 3;
        byte[] rgb = image.rgb();
        return new int[] {rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF};
    }

    static byte[] resource(String path) {
        try (InputStream in = TestImages.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
