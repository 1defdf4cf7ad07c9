package io.stylesync.inference.kserve;

import io.stylesync.common.error.ProblemException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary tensor data extension's element layouts: BYTES elements are each a 4-byte little-endian length
 * followed by that many bytes; FP32 is raw little-endian IEEE 754.
 */
final class BinaryTensors {

    /** The header naming how many leading body bytes are the JSON part of a request or response. */
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private BinaryTensors() {}

    /** Splits a BYTES tensor's binary data into its elements; {@code what} names the tensor in errors. */
    static List<byte[]> readBytes(byte[] data, String what) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> elements = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < Integer.BYTES) {
                throw ProblemException.badRequest(what + ": binary BYTES data ends inside an element's 4-byte length");
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw ProblemException.badRequest(what + ": element " + elements.size() + " declares " + length
                        + " bytes but " + in.remaining() + " remain");
            }
            byte[] element = new byte[length];
            in.get(element);
            elements.add(element);
        }
        return elements;
    }

    static byte[] writeBytes(List<String> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : elements) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(b.length)
                    .array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    static byte[] writeFp32(List<Float> values) {
        ByteBuffer out = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(out::putFloat);
        return out.array();
    }
}
