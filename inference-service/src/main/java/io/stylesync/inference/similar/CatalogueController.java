package io.stylesync.inference.similar;

import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.config.InferenceProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Similar items", description = "Catalogue search by image embedding")
public class CatalogueController {

    private final SimilarityService similarity;
    private final Catalogue catalogue;
    private final InferenceProperties props;

    public CatalogueController(SimilarityService similarity, Catalogue catalogue, InferenceProperties props) {
        this.similarity = similarity;
        this.catalogue = catalogue;
        this.props = props;
    }

    @Operation(
            summary =
                    "Catalogue items most similar to an uploaded image; filter=<attribute>:<value> (repeatable) narrows them")
    @PostMapping(path = "/api/v1/similar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public SimilarItems similarToImage(
            @RequestPart("image") MultipartFile image,
            @RequestParam(name = "topK", required = false) Integer topK,
            @RequestParam(name = "filter", required = false) List<String> filter) {
        byte[] bytes;
        try {
            bytes = image.getBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return similarity.similarToImage(
                bytes, "part 'image'", topK == null ? props.similar().defaultTopK() : topK, filters(filter));
    }

    @Operation(summary = "Catalogue items most similar to the catalogue item 'id'")
    @PostMapping(path = "/api/v1/similar", consumes = MediaType.APPLICATION_JSON_VALUE)
    public SimilarItems similarToItem(@RequestBody SimilarRequest request) {
        if (request.id() == null || request.id().isBlank()) {
            throw ProblemException.badRequest("field 'id' is required: the catalogue item to find items like")
                    .with("field", "id");
        }
        return similarity.similarToItem(
                request.id(),
                request.topK() == null ? props.similar().defaultTopK() : request.topK(),
                request.filters() == null ? Map.of() : request.filters());
    }

    @Operation(summary = "State of the catalogue index (building progress, size, dataset version)")
    @GetMapping("/api/v1/catalogue")
    public CatalogueStatus status() {
        return catalogue.status();
    }

    @Operation(summary = "A catalogue item's processed image")
    @GetMapping(path = "/api/v1/catalogue/items/{id}/image", produces = MediaType.IMAGE_JPEG_VALUE)
    public ResponseEntity<byte[]> image(@PathVariable String id) {
        CatalogueItem item = similarity.item(id);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)))
                .contentType(MediaType.IMAGE_JPEG)
                .body(catalogue.image(item));
    }

    /** {@code filter=<attribute>:<value>} parameters as a map; a malformed one is a 400. */
    public static Map<String, String> filters(List<String> filter) {
        Map<String, String> filters = new LinkedHashMap<>();
        if (filter != null) {
            for (String f : filter) {
                int colon = f.indexOf(':');
                if (colon <= 0 || colon == f.length() - 1) {
                    throw ProblemException.badRequest("filter '" + f + "' is not <attribute>:<value>")
                            .with("field", "filter");
                }
                filters.put(f.substring(0, colon).trim(), f.substring(colon + 1).trim());
            }
        }
        return filters;
    }
}
