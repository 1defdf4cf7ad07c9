package io.stylesync.common.testing;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Generates real image files, valid and broken, for tests: the corpus ingest must sort into
 * accepted and rejected (truncated JPEG, PNG declaring 100000x100000 pixels, text named .jpg,
 * empty file) and the unusual encodings it must accept (CMYK JPEG, 16-bit PNG, grayscale).
 * Edits inside a JPEG's marker segments are {@link JpegSegments}'.
 */
public final class ImageCorpus {

    private static final float DEFAULT_JPEG_QUALITY = 0.9f;

    private ImageCorpus() {}

    /** A TYPE_INT_RGB image whose pixel (x, y) is {@code rgb.applyAsInt(x, y)}, computed row by row. */
    public static BufferedImage rgbImage(int width, int height, IntBinaryOperator rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** A photo-like RGB image: smooth gradients plus seeded noise, so each seed gives different bytes. */
    public static BufferedImage photo(int width, int height, long seed) {
        Random random = new Random(seed);
        int hue = random.nextInt(255);
        return rgbImage(width, height, (x, y) -> {
            int r = clamp(hue + x * 128 / width + random.nextInt(16));
            int g = clamp(255 - y * 200 / height + random.nextInt(16));
            int b = clamp((x + y) * 100 / (width + height) + hue / 2 + random.nextInt(16));
            return (r << 16) | (g << 8) | b;
        });
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return encode(photo(width, height, seed), "jpeg");
    }

    /** The image as a baseline JPEG at the given quality (0..1). */
    public static byte[] jpeg(BufferedImage image, float quality) {
        return writeJpeg(new IIOImage(image, null, null), quality);
    }

    public static byte[] png(int width, int height, long seed) {
        return encode(photo(width, height, seed), "png");
    }

    public static byte[] grayscalePng(int width, int height) {
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                gray.getRaster().setSample(x, y, 0, (x * 255) / Math.max(1, width - 1));
            }
        }
        return encode(gray, "png");
    }

    /** A valid JPEG cut to its first 60 %: no EOI marker, most scan data missing. */
    public static byte[] truncatedJpeg(int width, int height, long seed) {
        byte[] full = jpeg(width, height, seed);
        return Arrays.copyOf(full, full.length * 6 / 10);
    }

    /**
     * A PNG whose IHDR declares the given RGB size (100000x100000 = 10^10 pixels) over a token IDAT:
     * a decompression bomb's header.
     */
    public static byte[] pngWithDeclaredSize(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    public static byte[] textNamedJpg() {
        return "<html><body>this is not an image</body></html>\n".getBytes(StandardCharsets.UTF_8);
    }

    /** A CMYK JPEG (see {@link #cmykJpeg(int[][][], float)}) filled with pure red (C=0, M=1, Y=1, K=0). */
    public static byte[] cmykJpeg(int width, int height) {
        int[][][] red = new int[height][width][];
        for (int[][] row : red) {
            Arrays.fill(row, new int[] {0, 255, 255, 0});
        }
        return cmykJpeg(red, DEFAULT_JPEG_QUALITY);
    }

    /**
     * A real 4-channel CMYK JPEG as Photoshop writes it: the JDK writer stores a 4-band raster as is, and an
     * Adobe APP14 segment with transform 0 declares the channels to be CMYK. Like Photoshop, the values are
     * stored inverted (255 = no ink), which is what readers expect when the Adobe segment is present.
     *
     * @param cmyk ink per pixel, 0..255, {@code cmyk[y][x] = {c, m, y, k}}
     */
    public static byte[] cmykJpeg(int[][][] cmyk, float quality) {
        int height = cmyk.length;
        int width = cmyk[0].length;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] ink = cmyk[y][x];
                raster.setPixel(x, y, new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
            }
        }
        byte[] raw = writeJpeg(new IIOImage(raster, null, null), quality);
        return JpegSegments.insertAfterSoi(raw, JpegSegments.adobeCmykSegment());
    }

    /** A 16-bit-per-channel RGB PNG: a horizontal ramp in red, constant mid green, zero blue. */
    public static byte[] png16Bit(int width, int height) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16},
                false,
                false,
                Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x * 65535 / Math.max(1, width - 1), 32896, 0});
            }
        }
        return encode(new BufferedImage(cm, raster, false, null), "png");
    }

    /** The image in an ImageIO format ("png", "gif", "bmp"...); "jpeg" and "jpg" at quality 0.9. */
    /** An 8-bit palette PNG whose palette has transparent and half-transparent entries (a tRNS chunk). */
    public static byte[] palettePngWithTransparency(int width, int height) {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        byte[] a = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 16);
            g[i] = (byte) (255 - i * 16);
            b[i] = (byte) (i * 7);
            a[i] = (byte) (i == 0 ? 0 : i < 8 ? 128 : 255);
        }
        BufferedImage image = new BufferedImage(
                width, height, BufferedImage.TYPE_BYTE_INDEXED, new java.awt.image.IndexColorModel(8, 16, r, g, b, a));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x / 6 + y / 4) % 16);
            }
        }
        return encode(image, "png");
    }

    public static byte[] encode(BufferedImage image, String format) {
        if (format.equals("jpeg") || format.equals("jpg")) {
            return jpeg(image, DEFAULT_JPEG_QUALITY);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException(
                        "no ImageIO writer for " + format + " and image type " + image.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] writeJpeg(IIOImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
