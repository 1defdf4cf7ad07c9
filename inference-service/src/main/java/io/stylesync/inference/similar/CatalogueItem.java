package io.stylesync.inference.similar;

import java.util.Map;

/** An item of the catalogue: a dataset record's id, labels and processed image key (relative to the version). */
public record CatalogueItem(String id, Map<String, String> labels, String imageKey) {
}
