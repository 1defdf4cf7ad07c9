package io.stylesync.common.image;

/**
 * Structural checks that tell a file cut short from one that is damaged, without decoding pixels.
 * Readers often report truncation as a generic error (PNG) or not at all (JPEG fills the rest with grey).
 */
final class TruncationDetector {

    private TruncationDetector() {}

    static boolean isTruncated(ImageFormat format, byte[] b) {
        return switch (format) {
            case JPEG -> JpegMarkers.check(b) == JpegMarkers.Structure.TRUNCATED;
            case PNG -> pngEndsBeforeIend(b);
            case GIF -> b[b.length - 1] != 0x3B;
            case BMP -> littleEndianInt(b, 2) > b.length;
            case WEBP -> (littleEndianInt(b, 4) & 0xFFFFFFFFL) + 8 > b.length;
        };
    }

    /** True when every chunk header is well formed but the data runs out before IEND. */
    private static boolean pngEndsBeforeIend(byte[] b) {
        int pos = 8;
        while (pos + 8 <= b.length) {
            long length = bigEndianInt(b, pos) & 0xFFFFFFFFL;
            if (length > Integer.MAX_VALUE || !isChunkType(b, pos + 4)) {
                return false;
            }
            if (b[pos + 4] == 'I' && b[pos + 5] == 'E' && b[pos + 6] == 'N' && b[pos + 7] == 'D') {
                return false;
            }
            pos += 12 + (int) length;
            if (pos < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isChunkType(byte[] b, int offset) {
        for (int i = offset; i < offset + 4; i++) {
            int c = b[i] & 0xFF;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private static int bigEndianInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24
                | (b[offset + 1] & 0xFF) << 16
                | (b[offset + 2] & 0xFF) << 8
                | (b[offset + 3] & 0xFF);
    }

    private static long littleEndianInt(byte[] b, int offset) {
        if (offset + 4 > b.length) {
            return Long.MAX_VALUE;
        }
        return (b[offset] & 0xFF)
                | (b[offset + 1] & 0xFF) << 8
                | (b[offset + 2] & 0xFF) << 16
                | (long) (b[offset + 3] & 0xFF) << 24;
    }
}
