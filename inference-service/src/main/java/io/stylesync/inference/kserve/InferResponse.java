package io.stylesync.inference.kserve;

import java.util.List;

/** Open Inference Protocol (KServe v2) response. */
public record InferResponse(String model_name, String model_version, String id, List<Output> outputs) {

    public record Output(String name, String datatype, List<Integer> shape, List<?> data) {}
}
