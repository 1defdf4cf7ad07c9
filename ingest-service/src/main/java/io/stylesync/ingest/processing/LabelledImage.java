package io.stylesync.ingest.processing;

import io.stylesync.ingest.source.SourceImage;
import java.util.Map;

/** A source image joined with its labels and text (see {@code DatasetRecord}): a candidate for the dataset. */
public record LabelledImage(SourceImage image, Map<String, String> labels, Map<String, String> text) {

    public String id() {
        return image.id();
    }
}
