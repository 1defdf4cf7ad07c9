package io.stylesync.inference.kserve;

import java.util.List;
import java.util.Map;

/** Open Inference Protocol (KServe v2) response. */
public record InferResponse(String model_name, String model_version, String id, List<Output> outputs) {

    /** A binary output has {@code parameters.binary_data_size} and no {@code data}. */
    public record Output(
            String name, String datatype, List<Integer> shape, Map<String, Object> parameters, List<?> data) {

        Output(String name, String datatype, List<Integer> shape, List<?> data) {
            this(name, datatype, shape, null, data);
        }
    }
}
