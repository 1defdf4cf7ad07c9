package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageDecoderFormatsTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void detectsEachFormatFromMagicBytes() throws Exception {
        BufferedImage image = TestImages.gradient(33, 17);
        assertThat(decoder.probe(ImageCorpus.jpeg(image, 0.9f))).isEqualTo(new ImageProbe(ImageFormat.JPEG, 33, 17));
        assertThat(decoder.probe(ImageCorpus.encode(image, "png"))).isEqualTo(new ImageProbe(ImageFormat.PNG, 33, 17));
        assertThat(decoder.probe(ImageCorpus.encode(image, "bmp"))).isEqualTo(new ImageProbe(ImageFormat.BMP, 33, 17));
        assertThat(decoder.probe(ImageCorpus.encode(image, "gif"))).isEqualTo(new ImageProbe(ImageFormat.GIF, 33, 17));
        assertThat(decoder.probe(TestImages.resource("formats/scene-40x30-lossless.webp")))
                .isEqualTo(new ImageProbe(ImageFormat.WEBP, 40, 30));
    }

    @Test
    void jpegIsReadByTwelveMonkeys() {
        assertThat(ImageReaders.provider(ImageFormat.JPEG).getPluginClassName()).startsWith("com.twelvemonkeys.");
        assertThat(ImageReaders.provider(ImageFormat.WEBP).getPluginClassName()).startsWith("com.twelvemonkeys.");
    }

    @Test
    void rgbJpegDecodesCloseToTheSource() throws Exception {
        BufferedImage source = TestImages.gradient(64, 48);

        RgbImage decoded = decoder.decode(ImageCorpus.jpeg(source, 0.95f));

        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.height()).isEqualTo(48);
        assertClose(decoded, RgbImage.from(source), 10);
    }

    @Test
    void greyscaleJpegBecomesEqualChannels() throws Exception {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 16, 16, 0, filled(256, 90));

        RgbImage decoded = decoder.decode(ImageCorpus.jpeg(grey, 0.95f));

        assertThat(TestImages.pixel(decoded, 8, 8)).containsExactly(90, 90, 90);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        int[][][] cmyk = new int[16][32][];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                cmyk[y][x] = x < 16 ? new int[] {255, 0, 0, 0} : new int[] {0, 255, 255, 0}; // cyan | red
            }
        }
        byte[] jpeg = ImageCorpus.cmykJpeg(cmyk, 0.95f);

        RgbImage decoded = decoder.decode(jpeg);

        assertThat(decoded.width()).isEqualTo(32);
        assertClose(TestImages.pixel(decoded, 4, 8), new int[] {0, 255, 255}, 16);
        assertClose(TestImages.pixel(decoded, 28, 8), new int[] {255, 0, 0}, 16);
    }

    @Test
    void rgbPngIsExact() throws Exception {
        BufferedImage source = TestImages.gradient(31, 7);

        RgbImage decoded = decoder.decode(ImageCorpus.encode(source, "png"));

        assertThat(decoded.rgb()).isEqualTo(RgbImage.from(source).rgb());
        assertThat(TestImages.pixel(decoded, 30, 6)).containsExactly(255, 255, 128);
    }

    @Test
    void greyPngKeepsItsLevelsWithoutGammaConversion() throws Exception {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});

        RgbImage decoded = decoder.decode(ImageCorpus.encode(grey, "png"));

        assertThat(decoded.rgb()).containsExactly(0, 0, 0, 128, 128, 128, 255, 255, 255);
    }

    @Test
    void greyAlphaPngIsCompositedOverWhite() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(3, 1);
        raster.setPixels(0, 0, 3, 1, new int[] {100, 255, 100, 0, 100, 128});
        BufferedImage image = new BufferedImage(cm, raster, false, null);

        RgbImage decoded = decoder.decode(ImageCorpus.encode(image, "png"));

        // opaque keeps 100; transparent is white; half: (100*128 + 255*127) / 255 = 177.7 -> 177 (rounded)
        assertThat(decoded.rgb()).containsExactly(100, 100, 100, 255, 255, 255, 177, 177, 177);
    }

    @Test
    void rgbaPngIsCompositedOverWhite() throws Exception {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0xFFFF0000);
        image.setRGB(1, 0, 0x00FF0000);
        image.setRGB(2, 0, 0x800000FF);

        RgbImage decoded = decoder.decode(ImageCorpus.encode(image, "png"));

        // 50% blue over white: R = G = 255 * 127 / 255 = 127, B = 255
        assertThat(decoded.rgb()).containsExactly(255, 0, 0, 255, 255, 255, 127, 127, 255);
    }

    @Test
    void palettePngWithTransparentEntryIsExpanded() throws Exception {
        byte[] r = {(byte) 255, 0, 0, 0};
        byte[] g = {0, (byte) 255, 0, 0};
        byte[] b = {0, 0, (byte) 255, 0};
        byte[] a = {(byte) 255, (byte) 255, (byte) 255, 0};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, a);
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        image.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 1, 2, 3});

        RgbImage decoded = decoder.decode(ImageCorpus.encode(image, "png"));

        assertThat(decoded.rgb()).containsExactly(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255);
    }

    @Test
    void sixteenBitGreyPngIsScaledToEightBits() throws Exception {
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 1000, 128 * 257, 65535});
        byte[] png = ImageCorpus.encode(image, "png");

        RgbImage decoded = decoder.decode(png);

        assertThat(readBack(png).getRaster().getTransferType()).isEqualTo(DataBuffer.TYPE_USHORT);
        // 1000 * 255 / 65535 = 3.9 -> 4
        assertThat(decoded.rgb()).containsExactly(0, 0, 0, 4, 4, 4, 128, 128, 128, 255, 255, 255);
    }

    @Test
    void sixteenBitRgbPngIsScaledToEightBits() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16},
                false,
                false,
                Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixels(0, 0, 2, 1, new int[] {65535, 0, 200 * 257, 10 * 257, 65535, 32767});
        BufferedImage image = new BufferedImage(cm, raster, false, null);
        byte[] png = ImageCorpus.encode(image, "png");

        RgbImage decoded = decoder.decode(png);

        assertThat(readBack(png).getType()).isEqualTo(BufferedImage.TYPE_CUSTOM);
        assertThat(decoded.rgb()).containsExactly(255, 0, 200, 10, 255, 127);
    }

    @Test
    void bmpIsExact() throws Exception {
        BufferedImage source = TestImages.gradient(13, 9);

        RgbImage decoded = decoder.decode(ImageCorpus.encode(source, "bmp"));

        assertThat(decoded.rgb()).isEqualTo(RgbImage.from(source).rgb());
    }

    @Test
    void gifYieldsItsFirstFrame() throws Exception {
        byte[] gif = twoFrameGif(frame(0xFF0000), frame(0x0000FF));

        RgbImage decoded = decoder.decode(gif);

        assertThat(TestImages.pixel(decoded, 5, 5)).containsExactly(255, 0, 0);
    }

    @Test
    void losslessWebpIsExactAndLossyWebpIsClose() throws Exception {
        RgbImage source = decoder.decode(TestImages.resource("formats/scene-40x30.png"));

        RgbImage lossless = decoder.decode(TestImages.resource("formats/scene-40x30-lossless.webp"));
        RgbImage lossy = decoder.decode(TestImages.resource("formats/scene-40x30-lossy.webp"));

        assertThat(lossless.rgb()).isEqualTo(source.rgb());
        assertThat(meanAbsDiff(lossy.rgb(), source.rgb())).isLessThan(8);
    }

    @Test
    void fromConvertsEveryCommonBufferedImageType() {
        int[] types = {
            BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_INT_ARGB_PRE,
            BufferedImage.TYPE_INT_BGR,
            BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_4BYTE_ABGR_PRE,
            BufferedImage.TYPE_USHORT_565_RGB,
            BufferedImage.TYPE_USHORT_555_RGB
        };
        for (int type : types) {
            BufferedImage image = new BufferedImage(2, 1, type);
            image.setRGB(0, 0, 0xFF102030);
            image.setRGB(1, 0, 0xFFFFFFFF);

            RgbImage rgb = RgbImage.from(image);

            int tolerance =
                    type == BufferedImage.TYPE_USHORT_565_RGB || type == BufferedImage.TYPE_USHORT_555_RGB ? 8 : 0;
            assertClose(TestImages.pixel(rgb, 0, 0), new int[] {0x10, 0x20, 0x30}, tolerance);
            assertThat(TestImages.pixel(rgb, 1, 0)).containsExactly(255, 255, 255);
        }
    }

    @Test
    void fromReadsSubimagesAtTheirOffset() {
        BufferedImage image = TestImages.gradient(20, 10);
        BufferedImage bgr = new BufferedImage(20, 10, BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);

        RgbImage sub = RgbImage.from(bgr.getSubimage(5, 3, 4, 2));

        assertThat(TestImages.pixel(sub, 0, 0)).isEqualTo(TestImages.pixel(RgbImage.from(image), 5, 3));
        assertThat(TestImages.pixel(sub, 3, 1)).isEqualTo(TestImages.pixel(RgbImage.from(image), 8, 4));
    }

    @Test
    void toBufferedImageRoundTrips() {
        RgbImage image = RgbImage.from(TestImages.gradient(7, 5));

        assertThat(RgbImage.from(image.toBufferedImage()).rgb()).isEqualTo(image.rgb());
    }

    private static BufferedImage frame(int rgb) {
        IndexColorModel palette = new IndexColorModel(
                1, 2, new byte[] {(byte) (rgb >> 16), 0}, new byte[] {(byte) (rgb >> 8), 0}, new byte[] {(byte) rgb, 0
                });
        return new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_BINARY, palette);
    }

    private static byte[] twoFrameGif(BufferedImage first, BufferedImage second) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : new BufferedImage[] {first, second}) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage readBack(byte[] png) throws IOException {
        return ImageIO.read(new java.io.ByteArrayInputStream(png));
    }

    private static int[] filled(int n, int value) {
        int[] values = new int[n];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }

    private static void assertClose(RgbImage actual, RgbImage expected, int tolerance) {
        assertThat(actual.rgb()).hasSameSizeAs(expected.rgb());
        for (int i = 0; i < actual.rgb().length; i++) {
            assertThat(actual.rgb()[i] & 0xFF)
                    .as("byte %d", i)
                    .isCloseTo(expected.rgb()[i] & 0xFF, org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    private static void assertClose(int[] actual, int[] expected, int tolerance) {
        for (int c = 0; c < 3; c++) {
            assertThat(actual[c])
                    .as("channel %d of %s", c, java.util.Arrays.toString(actual))
                    .isCloseTo(expected[c], org.assertj.core.data.Offset.offset(tolerance));
        }
    }
}
