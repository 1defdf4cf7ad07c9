package io.stylesync.common.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Reads the EXIF Orientation tag (1-8) and turns the stored pixels into the upright image a viewer
 * would show, like {@code PIL.ImageOps.exif_transpose}. Broken EXIF never fails a decode: it counts as 1.
 */
final class ExifOrientation {

    static final int NORMAL = 1;

    private ExifOrientation() {}

    static int read(ImageFormat format, byte[] encoded) {
        try {
            Metadata metadata = switch (format) {
                case JPEG ->
                    JpegMetadataReader.readMetadata(new ByteArrayInputStream(encoded), List.of(new ExifReader()));
                case WEBP -> WebpMetadataReader.readMetadata(new ByteArrayInputStream(encoded));
                case PNG ->
                    hasPngExifChunk(encoded) ? PngMetadataReader.readMetadata(new ByteArrayInputStream(encoded)) : null;
                case GIF, BMP -> null;
            };
            if (metadata == null) {
                return NORMAL;
            }
            for (ExifIFD0Directory directory : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                Integer orientation = directory.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
                if (orientation != null && orientation >= 1 && orientation <= 8) {
                    return orientation;
                }
            }
            return NORMAL;
        } catch (Exception | StackOverflowError e) {
            return NORMAL;
        }
    }

    /**
     * Maps each output pixel back to its stored position. Orientation 6 (camera turned clockwise) shows the
     * first stored row as the right-hand column, so the stored top-left corner ends up at the top right.
     */
    static RgbImage apply(RgbImage src, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        boolean swapsAxes = orientation >= 5;
        int outW = swapsAxes ? h : w;
        int outH = swapsAxes ? w : h;
        byte[] in = src.rgb();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - ox;
                        sy = oy;
                    }
                    case 3 -> {
                        sx = w - 1 - ox;
                        sy = h - 1 - oy;
                    }
                    case 4 -> {
                        sx = ox;
                        sy = h - 1 - oy;
                    }
                    case 5 -> {
                        sx = oy;
                        sy = ox;
                    }
                    case 6 -> {
                        sx = oy;
                        sy = h - 1 - ox;
                    }
                    case 7 -> {
                        sx = w - 1 - oy;
                        sy = h - 1 - ox;
                    }
                    default -> {
                        sx = w - 1 - oy;
                        sy = ox;
                    }
                }
                int s = (sy * w + sx) * 3;
                out[o++] = in[s];
                out[o++] = in[s + 1];
                out[o++] = in[s + 2];
            }
        }
        return new RgbImage(outW, outH, out);
    }

    private static boolean hasPngExifChunk(byte[] b) {
        int pos = 8;
        while (pos + 8 <= b.length) {
            long length = ((b[pos] & 0xFFL) << 24)
                    | ((b[pos + 1] & 0xFF) << 16)
                    | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            if (b[pos + 4] == 'e' && b[pos + 5] == 'X' && b[pos + 6] == 'I' && b[pos + 7] == 'f') {
                return true;
            }
            if (b[pos + 4] == 'I' && b[pos + 5] == 'D' && b[pos + 6] == 'A' && b[pos + 7] == 'T') {
                return false; // eXIf must precede IDAT
            }
            if (length > b.length) {
                return false;
            }
            pos += 12 + (int) length;
        }
        return false;
    }
}
