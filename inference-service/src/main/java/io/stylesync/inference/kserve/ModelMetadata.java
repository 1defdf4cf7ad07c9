package io.stylesync.inference.kserve;

import java.util.List;
import java.util.Map;

/** {@code GET /v2/models/{name}}: the served versions and the tensors {@code infer} takes and returns. */
public record ModelMetadata(
        String name, List<String> versions, String platform, List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public record TensorSpec(String name, String datatype, List<Integer> shape, Map<String, Object> parameters) {}
}
