package io.stylesync.inference.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code POST /api/v1/search}: a text query too long for a URL, or with filters as an object. */
public record SearchRequest(
        @Schema(example = "navy blue casual shirt for men", maxLength = TextSearchService.MAX_QUERY_CHARS)
        String query,

        @Schema(description = "1..100; default stylesync.inference.similar.default-top-k")
        Integer topK,

        @Schema(example = "{\"gender\": \"Men\"}", description = "label attribute to value; every one must match")
        Map<String, String> filters) {}
