package io.stylesync.inference.kserve;

import io.stylesync.common.error.ProblemException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code infer} bodies of the binary tensor data extension. A request is JSON alone, or, with
 * {@value BinaryTensors#HEADER_LENGTH}, that many bytes of JSON followed by the binary data of the inputs that declare
 * {@code parameters.binary_data_size}, in input order. A response that has outputs asked for in binary is laid out
 * the same way; otherwise it is plain JSON.
 */
@Component
class InferBodyCodec {

    /** The request, and per input its binary data (null where the input carries JSON {@code data}). */
    record InferBody(InferRequest request, List<byte[]> binary) {}

    private final JsonMapper json;

    InferBodyCodec(JsonMapper json) {
        this.json = json;
    }

    /** @param message the HTTP request, named in JSON errors so the problem handler reports them as it does for any body */
    InferBody read(byte[] body, String headerLength, HttpInputMessage message) {
        int jsonLength = body.length;
        if (headerLength != null) {
            try {
                jsonLength = Integer.parseInt(headerLength.trim());
            } catch (NumberFormatException e) {
                throw invalid(BinaryTensors.HEADER_LENGTH + " must be an integer; got '" + headerLength + "'");
            }
            if (jsonLength < 0 || jsonLength > body.length) {
                throw invalid(BinaryTensors.HEADER_LENGTH + " " + jsonLength + " is outside the body's " + body.length
                        + " bytes");
            }
        }
        InferRequest request;
        try {
            request = json.readValue(body, 0, jsonLength, InferRequest.class);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException(
                    "Unreadable infer request: " + e.getOriginalMessage(), e, message);
        }
        if (request == null) {
            throw invalid("the infer request is JSON null");
        }
        List<byte[]> binary = new ArrayList<>();
        int offset = jsonLength;
        List<InferRequest.Tensor> inputs = request.inputs() == null ? List.of() : request.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            InferRequest.Tensor t = inputs.get(i);
            Object size =
                    t == null || t.parameters() == null ? null : t.parameters().get("binary_data_size");
            if (size == null) {
                binary.add(null);
                continue;
            }
            if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
                throw invalid(
                        "input " + i + ": parameters.binary_data_size must be a non-negative integer; got " + size);
            }
            long n = ((Number) size).longValue();
            if (n > body.length - offset) {
                throw invalid("input " + i + " declares binary_data_size " + n + " but only " + (body.length - offset)
                        + " bytes of binary data remain");
            }
            if (t.data() != null) {
                throw invalid("input " + i + " has both JSON data and binary_data_size");
            }
            binary.add(Arrays.copyOfRange(body, offset, offset + (int) n));
            offset += (int) n;
        }
        if (offset != body.length) {
            throw invalid(
                    (body.length - offset) + " bytes after the JSON header belong to no input's binary_data_size");
        }
        return new InferBody(request, binary);
    }

    /** The response, with the outputs {@code binary} selects moved into the body's binary part. */
    ResponseEntity<?> write(InferResponse response, Predicate<String> binary) {
        if (response.outputs().stream().noneMatch(o -> binary.test(o.name()))) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response);
        }
        List<InferResponse.Output> outputs = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (InferResponse.Output o : response.outputs()) {
            if (!binary.test(o.name())) {
                outputs.add(o);
                continue;
            }
            byte[] bytes = encode(o);
            data.writeBytes(bytes);
            outputs.add(new InferResponse.Output(
                    o.name(), o.datatype(), o.shape(), Map.of("binary_data_size", bytes.length), null));
        }
        byte[] header = json.writeValueAsBytes(
                new InferResponse(response.model_name(), response.model_version(), response.id(), outputs));
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + data.size());
        body.writeBytes(header);
        body.writeBytes(data.toByteArray());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(BinaryTensors.HEADER_LENGTH, String.valueOf(header.length))
                .body(body.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(InferResponse.Output o) {
        return switch (o.datatype()) {
            case "FP32" -> BinaryTensors.writeFp32((List<Float>) o.data());
            case "BYTES" -> BinaryTensors.writeBytes((List<String>) o.data());
            default -> throw new IllegalStateException("no binary encoding for " + o.datatype());
        };
    }

    static ProblemException invalid(String detail) {
        return ProblemException.badRequest(detail);
    }

    /** A parameter that must be boolean when present. */
    static boolean flag(Map<String, Object> parameters, String name, boolean otherwise) {
        Object v = parameters == null ? null : parameters.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid("parameter '" + name + "' must be true or false; got " + v);
        }
        return b;
    }
}
