package io.stylesync.inference.similar;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An item of the catalogue: a dataset record's id, labels and processed image key (relative to the version). */
public record CatalogueItem(String id, Map<String, String> labels, String imageKey) {

    /** Where this service serves the item's image ({@code GET /api/v1/catalogue/items/{id}/image}), the id URL-encoded. */
    public String imageUrl() {
        return "/api/v1/catalogue/items/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/image";
    }
}
