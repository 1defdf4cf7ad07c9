package io.stylesync.common.image;

import io.stylesync.common.image.InvalidImageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Tells the encoded format from the leading magic bytes. */
final class ImageFormatSniffer {

    private ImageFormatSniffer() {}

    static ImageFormat detect(byte[] b) throws InvalidImageException {
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8') && b.length > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return ImageFormat.GIF;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return ImageFormat.WEBP;
        }
        if (startsWith(b, 0, 'B', 'M') && b.length >= 26) {
            return ImageFormat.BMP;
        }
        String other = knownUnsupportedFormat(b);
        if (other != null) {
            throw new InvalidImageException(
                    Reason.UNSUPPORTED_FORMAT, other + " images are not supported; send JPEG, PNG, WebP, GIF or BMP");
        }
        throw new InvalidImageException(
                Reason.NOT_AN_IMAGE,
                "The data is not an image (" + describe(b) + "); send JPEG, PNG, WebP, GIF or BMP");
    }

    private static String knownUnsupportedFormat(byte[] b) {
        if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
            return "TIFF";
        }
        if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
            String brand = ascii(b, 8, 4).toLowerCase(Locale.ROOT);
            if (brand.startsWith("avi")) {
                return "AVIF";
            }
            if (brand.startsWith("hei")
                    || brand.startsWith("mif")
                    || brand.startsWith("hev")
                    || brand.startsWith("msf")) {
                return "HEIF/HEIC";
            }
            return null;
        }
        if (startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return "JPEG 2000";
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', ' ')) {
            return "JPEG XL";
        }
        if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
            return "Photoshop";
        }
        if (startsWith(b, 0, 0x00, 0x00, 0x01, 0x00) || startsWith(b, 0, 0x00, 0x00, 0x02, 0x00)) {
            return "ICO/CUR";
        }
        String head = ascii(b, 0, Math.min(b.length, 512)).toLowerCase(Locale.ROOT);
        if (head.contains("<svg")) {
            return "SVG";
        }
        return null;
    }

    private static String describe(byte[] b) {
        String head = ascii(b, 0, Math.min(b.length, 64)).trim().toLowerCase(Locale.ROOT);
        if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
            return "looks like HTML";
        }
        if (head.startsWith("%pdf")) {
            return "looks like a PDF";
        }
        if (head.startsWith("{") || head.startsWith("[")) {
            return "looks like JSON";
        }
        if (isMostlyText(b)) {
            return "looks like text";
        }
        return "unknown leading bytes";
    }

    private static boolean isMostlyText(byte[] b) {
        int n = Math.min(b.length, 512);
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F) || c >= 0x80) {
                printable++;
            }
        }
        return n > 0 && printable * 10 >= n * 9;
    }

    private static String ascii(byte[] b, int offset, int length) {
        if (offset >= b.length) {
            return "";
        }
        return new String(b, offset, Math.min(length, b.length - offset), StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] b, int offset, int... magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
