package io.stylesync.common.image;

/** Walks JPEG marker segments (and entropy-coded scans) without decoding anything. */
final class JpegMarkers {

    enum Structure {
        /** The segments lead from SOI to EOI. */
        COMPLETE,
        /** The data runs out (inside a segment or a scan) before EOI. */
        TRUNCATED,
        /** A marker or segment length appears that cannot be there: the bytes stop being a JPEG. */
        GARBLED
    }

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DQT = 0xDB;
    private static final int DNL = 0xDC;
    private static final int DRI = 0xDD;
    private static final int DHT = 0xC4;

    private JpegMarkers() {}

    /**
     * Data after EOI is ignored; EOI markers of thumbnails embedded in APP segments are skipped together
     * with their segment, and stray bytes between segments are skipped as libjpeg does.
     */
    static Structure check(byte[] b) {
        int pos = 2;
        boolean scanSeen = false;
        while (pos < b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                pos++;
                continue;
            }
            while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
                pos++; // fill bytes
            }
            if (pos >= b.length) {
                return Structure.TRUNCATED;
            }
            int marker = b[pos++] & 0xFF;
            if (marker == EOI) {
                return Structure.COMPLETE;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // standalone markers without a length
            }
            if (marker < 0xC0 || marker == SOI || (scanSeen && isStartOfFrame(marker))) {
                return Structure.GARBLED;
            }
            // pos is at the 2-byte length; SOS and SOF carry a component count further in
            int countOffset = marker == SOS ? 2 : isStartOfFrame(marker) ? 7 : 1;
            if (pos + countOffset >= b.length) {
                return Structure.TRUNCATED;
            }
            int length = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            if (!plausibleLength(marker, length, b[pos + countOffset] & 0xFF)) {
                return Structure.GARBLED;
            }
            pos += length;
            if (pos > b.length && scanSeen && !isTableOrScan(marker)) {
                return Structure.GARBLED; // encoders put nothing else between scans: a random "marker" hit
            }
            if (marker == SOS) {
                scanSeen = true;
                pos = endOfEntropyCodedData(b, pos);
            }
        }
        return Structure.TRUNCATED;
    }

    /** Segment lengths fixed or bounded by the standard; random bytes rarely match them. */
    private static boolean plausibleLength(int marker, int length, int components) {
        if (marker == SOS) {
            return components >= 1 && components <= 4 && length == 6 + 2 * components;
        }
        if (isStartOfFrame(marker)) {
            return components >= 1 && length == 8 + 3 * components;
        }
        return switch (marker) {
            case DRI, DNL -> length == 4;
            case DQT -> length >= 2 + 65 && length <= 2 + 4 * 129;
            case DHT -> length >= 2 + 17 && length <= 2 + 8 * (17 + 256);
            default -> length >= 2;
        };
    }

    private static boolean isTableOrScan(int marker) {
        return marker == SOS || marker == DHT || marker == DQT || marker == DRI || marker == DNL;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC;
    }

    /** Position of the first marker after a scan: an 0xFF not followed by a stuffed 0x00 or a restart marker. */
    private static int endOfEntropyCodedData(byte[] b, int pos) {
        while (pos + 1 < b.length) {
            if ((b[pos] & 0xFF) == 0xFF) {
                int next = b[pos + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return pos;
                }
            }
            pos++;
        }
        return b.length;
    }
}
