package io.stylesync.inference.search;

import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.similar.CatalogueController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Text search", description = "Catalogue search by a text query, with the champion's text encoder")
public class SearchController {

    private final TextSearchService search;
    private final InferenceProperties props;

    public SearchController(TextSearchService search, InferenceProperties props) {
        this.search = search;
        this.props = props;
    }

    @Operation(
            summary = "Catalogue items that match a text query; filter=<attribute>:<value> (repeatable) narrows them",
            description = "400 for an empty query, one without words or over "
                    + TextSearchService.MAX_QUERY_CHARS
                    + " characters, or topK out of 1..100; 409 when the champion was trained without"
                    + " text search; 503 while the catalogue index is being built")
    @GetMapping("/api/v1/search")
    public SearchResults searchByParameter(
            @Parameter(example = "navy blue casual shirt for men") @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "topK", required = false) Integer topK,
            @Parameter(example = "gender:Men") @RequestParam(name = "filter", required = false) List<String> filter) {
        return search.search(q, topK(topK), CatalogueController.filters(filter));
    }

    @Operation(summary = "Text search with the query and filters in a JSON body (for long queries)")
    @PostMapping(path = "/api/v1/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    public SearchResults searchByBody(@RequestBody SearchRequest request) {
        return search.search(
                request.query(), topK(request.topK()), request.filters() == null ? Map.of() : request.filters());
    }

    private int topK(Integer topK) {
        return topK == null ? props.similar().defaultTopK() : topK;
    }
}
