package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.JpegSegments;
import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 40x20 JPEG with a red top-left quadrant and a green top-right one gets a hand-written EXIF APP1
 * segment; the decoder must show it the way a viewer would.
 */
class ExifOrientationTest {

    private static final int W = 40;
    private static final int H = 20;
    private static final int RED = 0xE01010;
    private static final int GREEN = 0x10C010;

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @ParameterizedTest(name = "orientation {0}: red {1}, green {2}")
    @CsvSource({
        "1, top-left, top-right",
        "2, top-right, top-left",
        "3, bottom-right, bottom-left",
        "4, bottom-left, bottom-right",
        "5, top-left, bottom-left",
        "6, top-right, bottom-right",
        "7, bottom-right, top-right",
        "8, bottom-left, top-left",
    })
    void orientationIsApplied(int orientation, String redCorner, String greenCorner) throws Exception {
        byte[] jpeg = JpegSegments.insertAfterSoi(
                quadrantsJpeg(), JpegSegments.exifOrientationSegment(orientation, ByteOrder.BIG_ENDIAN));

        RgbImage decoded = decoder.decode(jpeg);

        boolean swapped = orientation >= 5;
        assertThat(decoded.width()).isEqualTo(swapped ? H : W);
        assertThat(decoded.height()).isEqualTo(swapped ? W : H);
        assertThat(cornerColour(decoded, redCorner)).isEqualTo("red");
        assertThat(cornerColour(decoded, greenCorner)).isEqualTo("green");
    }

    @Test
    void littleEndianExifWorksToo() throws Exception {
        byte[] jpeg = JpegSegments.insertAfterSoi(
                quadrantsJpeg(), JpegSegments.exifOrientationSegment(6, ByteOrder.LITTLE_ENDIAN));

        RgbImage decoded = decoder.decode(jpeg);

        assertThat(decoded.width()).isEqualTo(H);
        assertThat(cornerColour(decoded, "top-right")).isEqualTo("red");
    }

    @Test
    void probeReportsTheStoredSize() throws Exception {
        byte[] jpeg = JpegSegments.insertAfterSoi(
                quadrantsJpeg(), JpegSegments.exifOrientationSegment(6, ByteOrder.BIG_ENDIAN));

        assertThat(decoder.probe(jpeg)).isEqualTo(new ImageProbe(ImageFormat.JPEG, W, H));
    }

    @Test
    void brokenExifIsIgnored() throws Exception {
        byte[] segment = JpegSegments.exifOrientationSegment(6, ByteOrder.BIG_ENDIAN);
        segment[12] = 'X'; // break the TIFF magic number 42
        byte[] jpeg = JpegSegments.insertAfterSoi(quadrantsJpeg(), segment);

        RgbImage decoded = decoder.decode(jpeg);

        assertThat(decoded.width()).isEqualTo(W);
        assertThat(cornerColour(decoded, "top-left")).isEqualTo("red");
    }

    private static byte[] quadrantsJpeg() {
        BufferedImage image = ImageCorpus.rgbImage(W, H, (x, y) -> {
            if (y < H / 2) {
                return x < W / 2 ? RED : GREEN;
            }
            return x < W / 2 ? 0x1010E0 : 0xF0F0F0;
        });
        return ImageCorpus.jpeg(image, 0.95f);
    }

    private static String cornerColour(RgbImage image, String corner) {
        int x = corner.endsWith("left") ? 2 : image.width() - 3;
        int y = corner.startsWith("top") ? 2 : image.height() - 3;
        int[] p = TestImages.pixel(image, x, y);
        if (p[0] > 180 && p[1] < 80 && p[2] < 80) {
            return "red";
        }
        if (p[1] > 150 && p[0] < 80 && p[2] < 80) {
            return "green";
        }
        return java.util.Arrays.toString(p);
    }
}
