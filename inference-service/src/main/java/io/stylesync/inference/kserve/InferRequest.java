package io.stylesync.inference.kserve;

import java.util.List;
import java.util.Map;

/** Open Inference Protocol (KServe v2) request, the JSON subset StyleSync serves. */
public record InferRequest(
        String id, Map<String, Object> parameters, List<Tensor> inputs, List<RequestedOutput> outputs) {

    /** {@code data} is flat (row-major); for BYTES each element is one base64-encoded image file. */
    public record Tensor(String name, String datatype, List<Long> shape, List<Object> data) {}

    public record RequestedOutput(String name) {}
}
