package io.stylesync.inference.similar;

import java.util.Map;

/** {@code POST /api/v1/similar} as JSON: items like the catalogue item {@code id}. */
public record SimilarRequest(String id, Integer topK, Map<String, String> filters) {}
