package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.stylesync.common.image.InvalidImageException.Reason;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.JpegSegments;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broken corpus: every input here is generated, none comes from the shared datasets. */
class ImageDecoderRejectsTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void emptyInput() {
        assertReason(new byte[0], Reason.EMPTY);
        assertReason(null, Reason.EMPTY);
    }

    @Test
    void textAndHtmlAreNotImages() {
        assertReason(utf8("<!DOCTYPE html><html><body>404 Not Found</body></html>"), Reason.NOT_AN_IMAGE);
        assertReason(utf8("hello, this is a plain text file\n"), Reason.NOT_AN_IMAGE);
        assertReason(utf8("{\"image\": \"base64...\"}"), Reason.NOT_AN_IMAGE);
        assertReason(new byte[] {1, 2, 3}, Reason.NOT_AN_IMAGE);
        assertThatThrownBy(() -> decoder.decode(utf8("<html><head></head></html>")))
                .hasMessageContaining("HTML");
    }

    @Test
    void imageFormatsWeDoNotReadAreUnsupported() {
        assertReason(new byte[] {'I', 'I', 0x2A, 0, 8, 0, 0, 0, 0, 0}, Reason.UNSUPPORTED_FORMAT);
        assertReason(
                new byte[] {0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0},
                Reason.UNSUPPORTED_FORMAT);
        assertReason(
                utf8("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void moreBytesThanTheLimit() {
        byte[] png = ImageCorpus.encode(TestImages.gradient(64, 64), "png");
        ImageDecoder strict = new ImageDecoder(new DecodeLimits(png.length - 1, 1_000_000, 1_000));

        assertThatThrownBy(() -> strict.decode(png))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE_BYTES))
                .hasMessageContaining("bytes");
    }

    @Test
    void pngBombIsRejectedFromItsHeaderFastAndWithoutAllocating() throws Exception {
        byte[] bomb = ImageCorpus.pngWithDeclaredSize(100_000, 100_000);
        decoder.probe(ImageCorpus.encode(TestImages.gradient(4, 4), "png")); // class loading and ImageIO set-up

        long allocated = allocatedBytes(() -> assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertReason(bomb, Reason.TOO_MANY_PIXELS);
            assertThatThrownBy(() -> decoder.probe(bomb)).hasMessageContaining("100000x100000");
        }));

        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void pixelCountAndSideLengthLimitsComeFromTheHeader() throws Exception {
        byte[] jpeg = ImageCorpus.jpeg(TestImages.gradient(40, 30), 0.9f);

        assertReason(JpegSegments.jpegClaiming(jpeg, 60_000, 60_000), Reason.TOO_MANY_PIXELS); // side > 12,000
        assertReason(JpegSegments.jpegClaiming(jpeg, 10_000, 10_000), Reason.TOO_MANY_PIXELS); // 100 M px > 40 M
        ImageDecoder small = new ImageDecoder(new DecodeLimits(1_000_000, 1_000, 100));
        assertThatThrownBy(() -> small.decode(jpeg))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS));
        assertThat(decoder.decode(jpeg).width()).isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.8, 0.95})
    void truncatedJpegIsNotDecodedToGrey(double keep) {
        byte[] jpeg = ImageCorpus.jpeg(TestImages.gradient(96, 64), 0.9f);

        assertReason(Arrays.copyOf(jpeg, (int) (jpeg.length * keep)), Reason.TRUNCATED);
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsTruncated() {
        byte[] jpeg = ImageCorpus.jpeg(TestImages.gradient(96, 64), 0.9f);

        assertReason(Arrays.copyOf(jpeg, jpeg.length - 2), Reason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.3, 0.6, 0.99})
    void truncatedPngIsRejected(double keep) {
        byte[] png = ImageCorpus.encode(TestImages.gradient(96, 64), "png");

        assertReason(Arrays.copyOf(png, (int) (png.length * keep)), Reason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void garbageAfterAValidJpegHeaderIsCorrupt(int seed) {
        byte[] jpeg = ImageCorpus.jpeg(noise(128, 128), 0.9f);
        int scanData = JpegSegments.indexOfMarker(jpeg, 0xDA) + 14;
        Random random = new Random(seed);
        for (int i = scanData; i < jpeg.length; i++) {
            jpeg[i] = (byte) random.nextInt(256);
        }

        assertReason(jpeg, Reason.CORRUPT);
    }

    @Test
    void garbageAfterAValidPngHeaderIsCorrupt() {
        byte[] png = ImageCorpus.encode(TestImages.gradient(64, 64), "png");
        Random random = new Random(7);
        for (int i = 33; i < png.length; i++) { // signature (8) + IHDR chunk (25)
            png[i] = (byte) random.nextInt(256);
        }

        assertReason(png, Reason.CORRUPT);
    }

    @Test
    void readerRuntimeExceptionsBecomeCorrupt() {
        // A BMP pixel-data offset of ~3.8 GB makes the JDK reader size its palette negative
        // (NegativeArraySizeException): it must come out as CORRUPT, not escape.
        byte[] bmp = ImageCorpus.encode(TestImages.gradient(40, 30), "bmp");
        bmp[13] = (byte) 0xE5;

        assertReason(bmp, Reason.CORRUPT);
    }

    @Test
    void mutatedFilesOnlyEverFailWithInvalidImageException() {
        ImageDecoder bounded = new ImageDecoder(new DecodeLimits(1_000_000, 1_000_000, 4_000));
        byte[][] seeds = {
            ImageCorpus.jpeg(TestImages.gradient(40, 30), 0.9f),
            ImageCorpus.encode(TestImages.gradient(40, 30), "png"),
            ImageCorpus.encode(TestImages.gradient(40, 30), "bmp"),
            ImageCorpus.encode(TestImages.gradient(40, 30), "gif"),
            TestImages.resource("formats/scene-40x30-lossless.webp"),
            TestImages.resource("formats/scene-40x30-lossy.webp"),
        };
        Random random = new Random(20240601);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (byte[] seed : seeds) {
                for (int i = 0; i < 150; i++) {
                    byte[] mutated = mutate(seed, random);
                    try {
                        RgbImage image = bounded.decode(mutated);
                        assertThat(image.rgb()).hasSize(image.width() * image.height() * 3);
                    } catch (InvalidImageException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
            }
        });
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int flips = 1 + random.nextInt(8);
        for (int k = 0; k < flips; k++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return random.nextInt(4) == 0 ? Arrays.copyOf(b, 1 + random.nextInt(b.length)) : b;
    }

    private static java.awt.image.BufferedImage noise(int width, int height) {
        Random random = new Random(5);
        return ImageCorpus.rgbImage(width, height, (x, y) -> random.nextInt(0x1000000));
    }

    private void assertReason(byte[] encoded, Reason reason) {
        assertThatThrownBy(() -> decoder.decode(encoded))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static long allocatedBytes(Runnable action) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        action.run();
        return threads.getTotalThreadAllocatedBytes() - before;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
