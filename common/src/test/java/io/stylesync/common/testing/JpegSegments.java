package io.stylesync.common.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Edits a JPEG file at the level of its marker segments: finds, rewrites, builds and inserts them. */
public final class JpegSegments {

    private JpegSegments() {}

    /** Offset of the first {@code FF marker} pair after SOI. */
    public static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 2; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
    }

    /** The same JPEG with the frame header (SOF0) claiming another size; the scan data is left as is. */
    public static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        int sof = indexOfMarker(copy, 0xC0);
        copy[sof + 5] = (byte) (height >> 8);
        copy[sof + 6] = (byte) height;
        copy[sof + 7] = (byte) (width >> 8);
        copy[sof + 8] = (byte) width;
        return copy;
    }

    /** The JPEG with {@code segment} (marker included) placed right after its SOI marker. */
    public static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /** An Adobe APP14 segment with transform 0: a 4-channel JPEG holds inverted CMYK. */
    public static byte[] adobeCmykSegment() {
        return new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    }

    /** An APP1 Exif segment whose only IFD0 entry is Orientation (tag 0x0112, SHORT). */
    public static byte[] exifOrientationSegment(int orientation, ByteOrder order) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8); // TIFF header, IFD0 at offset 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer segment = ByteBuffer.allocate(2 + length);
        segment.put((byte) 0xFF)
                .put((byte) 0xE1)
                .putShort((short) length)
                .put(exif)
                .put(tiff.array());
        return segment.array();
    }
}
