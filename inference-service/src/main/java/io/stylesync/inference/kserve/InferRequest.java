package io.stylesync.inference.kserve;

import java.util.List;
import java.util.Map;

/** Open Inference Protocol (KServe v2) request: JSON, optionally followed by binary tensor data. */
public record InferRequest(
        String id, Map<String, Object> parameters, List<Tensor> inputs, List<RequestedOutput> outputs) {

    /**
     * {@code data} is flat (row-major); for BYTES each element is one base64-encoded image file. With
     * {@code parameters.binary_data_size} the elements are in the body's binary part instead, as raw files.
     */
    public record Tensor(
            String name, String datatype, List<Long> shape, Map<String, Object> parameters, List<Object> data) {}

    /** {@code parameters.binary_data: true} asks for this output in binary. */
    public record RequestedOutput(String name, Map<String, Object> parameters) {}
}
