package io.stylesync.common.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * BufferedImage of any layout to 8-bit RGB, reading the Raster directly.
 *
 * <p>No colour management happens here: sample values are taken as the reader produced them (the JPEG
 * readers have already converted CMYK and embedded ICC profiles to sRGB; PNG iCCP profiles are not applied,
 * as in Pillow). Grey levels are not linearised (the JDK's {@code getRGB} treats CS_GRAY as linear and would
 * brighten them). Alpha is composited over white; 16-bit samples are scaled to 8 bits with rounding.
 */
final class RgbConversion {

    private RgbConversion() {}

    static RgbImage toRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        if (!fromInterleavedBytes(raster, cm, out) && !fromPackedInts(raster, cm, out)) {
            if (cm instanceof IndexColorModel icm) {
                fromIndexed(raster, icm, out);
            } else if (isGreyOrRgb(cm)) {
                fromComponents(raster, (ComponentColorModel) cm, out);
            } else {
                fromColorModel(raster, cm, out);
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Fast path: TYPE_3BYTE_BGR, TYPE_4BYTE_ABGR, TYPE_BYTE_GRAY and other pixel-interleaved 8-bit layouts. */
    private static boolean fromInterleavedBytes(Raster raster, ColorModel cm, byte[] out) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel sm)
                || buffer.getNumBanks() != 1
                || !isGreyOrRgb(cm)
                || cm.isAlphaPremultiplied()
                || !allComponentsHaveBits(cm, 8)) {
            return false;
        }
        int bands = sm.getNumBands();
        int[] bankIndices = sm.getBankIndices();
        for (int bank : bankIndices) {
            if (bank != 0) {
                return false;
            }
        }
        byte[] data = buffer.getData();
        int pixelStride = sm.getPixelStride();
        int scanlineStride = sm.getScanlineStride();
        int[] offsets = sm.getBandOffsets();
        int base = buffer.getOffset()
                - raster.getSampleModelTranslateY() * scanlineStride
                - raster.getSampleModelTranslateX() * pixelStride;
        int width = raster.getWidth();
        int height = raster.getHeight();
        int o = 0;
        switch (bands) {
            case 1 -> {
                for (int y = 0; y < height; y++) {
                    int p = base + y * scanlineStride + offsets[0];
                    for (int x = 0; x < width; x++, p += pixelStride) {
                        byte v = data[p];
                        out[o++] = v;
                        out[o++] = v;
                        out[o++] = v;
                    }
                }
            }
            case 2 -> {
                for (int y = 0; y < height; y++) {
                    int p = base + y * scanlineStride;
                    for (int x = 0; x < width; x++, p += pixelStride) {
                        byte v = overWhite(data[p + offsets[0]] & 0xFF, data[p + offsets[1]] & 0xFF);
                        out[o++] = v;
                        out[o++] = v;
                        out[o++] = v;
                    }
                }
            }
            case 3 -> {
                int r = offsets[0], g = offsets[1], b = offsets[2];
                for (int y = 0; y < height; y++) {
                    int p = base + y * scanlineStride;
                    for (int x = 0; x < width; x++, p += pixelStride) {
                        out[o++] = data[p + r];
                        out[o++] = data[p + g];
                        out[o++] = data[p + b];
                    }
                }
            }
            case 4 -> {
                int r = offsets[0], g = offsets[1], b = offsets[2], a = offsets[3];
                for (int y = 0; y < height; y++) {
                    int p = base + y * scanlineStride;
                    for (int x = 0; x < width; x++, p += pixelStride) {
                        int alpha = data[p + a] & 0xFF;
                        out[o++] = overWhite(data[p + r] & 0xFF, alpha);
                        out[o++] = overWhite(data[p + g] & 0xFF, alpha);
                        out[o++] = overWhite(data[p + b] & 0xFF, alpha);
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Fast path: TYPE_INT_RGB, TYPE_INT_ARGB and TYPE_INT_ARGB_PRE. */
    private static boolean fromPackedInts(Raster raster, ColorModel cm, byte[] out) {
        if (!(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm)
                || !(cm instanceof DirectColorModel dcm)
                || dcm.getRedMask() != 0xFF0000
                || dcm.getGreenMask() != 0xFF00
                || dcm.getBlueMask() != 0xFF
                || (dcm.hasAlpha() && dcm.getAlphaMask() != 0xFF000000)) {
            return false;
        }
        int[] data = buffer.getData();
        int scanlineStride = sm.getScanlineStride();
        int base = buffer.getOffset()
                - raster.getSampleModelTranslateY() * scanlineStride
                - raster.getSampleModelTranslateX();
        boolean alpha = dcm.hasAlpha();
        boolean premultiplied = dcm.isAlphaPremultiplied();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int o = 0;
        for (int y = 0; y < height; y++) {
            int p = base + y * scanlineStride;
            for (int x = 0; x < width; x++) {
                int argb = data[p + x];
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                if (alpha) {
                    int a = argb >>> 24;
                    if (premultiplied) {
                        out[o++] = (byte) Math.min(255, r + 255 - a);
                        out[o++] = (byte) Math.min(255, g + 255 - a);
                        out[o++] = (byte) Math.min(255, b + 255 - a);
                        continue;
                    }
                    r = overWhite(r, a);
                    g = overWhite(g, a);
                    b = overWhite(b, a);
                }
                out[o++] = (byte) r;
                out[o++] = (byte) g;
                out[o++] = (byte) b;
            }
        }
        return true;
    }

    /** Palette images of 1 to 16 bits per index: one composited RGB triple per palette entry, then look up. */
    private static void fromIndexed(Raster raster, IndexColorModel icm, byte[] out) {
        int size = icm.getMapSize();
        byte[] lut = new byte[size * 3];
        for (int i = 0; i < size; i++) {
            int alpha = icm.getAlpha(i);
            lut[i * 3] = overWhite(icm.getRed(i), alpha);
            lut[i * 3 + 1] = overWhite(icm.getGreen(i), alpha);
            lut[i * 3 + 2] = overWhite(icm.getBlue(i), alpha);
        }
        int width = raster.getWidth();
        int[] row = new int[width];
        int o = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                int index = row[x];
                if (index >= 0 && index < size) {
                    out[o] = lut[index * 3];
                    out[o + 1] = lut[index * 3 + 1];
                    out[o + 2] = lut[index * 3 + 2];
                }
                o += 3;
            }
        }
    }

    /** Grey or RGB, with or without alpha, 1 to 16 bits per sample (16-bit PNGs land here). */
    private static void fromComponents(Raster raster, ComponentColorModel cm, byte[] out) {
        int bands = cm.getNumComponents();
        int colours = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int[] max = new int[bands];
        for (int c = 0; c < bands; c++) {
            max[c] = (1 << Math.min(cm.getComponentSize(c), 16)) - 1;
        }
        int width = raster.getWidth();
        int[] row = new int[width * bands];
        int[] v = new int[bands];
        int o = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int x = 0, p = 0; x < width; x++, p += bands) {
                for (int c = 0; c < bands; c++) {
                    v[c] = to8Bits(row[p + c], max[c]);
                }
                int a = alpha ? v[bands - 1] : 255;
                for (int c = 0; c < 3; c++) {
                    int value = v[colours == 1 ? 0 : c];
                    out[o++] = premultiplied ? (byte) Math.min(255, value + 255 - a) : overWhite(value, a);
                }
            }
        }
    }

    /** Anything else (CMYK, float rasters, 565 BMPs): the ColorModel converts each pixel to sRGB. */
    private static void fromColorModel(Raster raster, ColorModel cm, byte[] out) {
        Object pixel = null;
        int o = 0;
        for (int y = raster.getMinY(); y < raster.getMinY() + raster.getHeight(); y++) {
            for (int x = raster.getMinX(); x < raster.getMinX() + raster.getWidth(); x++) {
                pixel = raster.getDataElements(x, y, pixel);
                int argb = cm.getRGB(pixel);
                int a = argb >>> 24;
                out[o++] = overWhite((argb >> 16) & 0xFF, a);
                out[o++] = overWhite((argb >> 8) & 0xFF, a);
                out[o++] = overWhite(argb & 0xFF, a);
            }
        }
    }

    private static boolean isGreyOrRgb(ColorModel cm) {
        if (!(cm instanceof ComponentColorModel)) {
            return false;
        }
        int transfer = cm.getTransferType();
        if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT) {
            return false;
        }
        int type = cm.getColorSpace().getType();
        return (type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1)
                || (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3);
    }

    private static boolean allComponentsHaveBits(ColorModel cm, int bits) {
        for (int c = 0; c < cm.getNumComponents(); c++) {
            if (cm.getComponentSize(c) != bits) {
                return false;
            }
        }
        return true;
    }

    private static int to8Bits(int sample, int max) {
        return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
    }

    /** Non-premultiplied colour over an opaque white background, rounded. */
    private static byte overWhite(int colour, int alpha) {
        if (alpha == 255) {
            return (byte) colour;
        }
        return (byte) ((colour * alpha + 255 * (255 - alpha) + 127) / 255);
    }
}
