package io.stylesync.ingest.source;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How raw data is arranged under the source prefix. */
public enum SourceLayout {
    /** Kaggle Fashion Product Images: {@code images/<id>.jpg} plus {@code styles.csv} with one row per id. */
    @JsonProperty("kaggle-styles")
    KAGGLE_STYLES("kaggle-styles"),
    /** One folder per class ({@code <class>/<file>}), as in PlantVillage; the label attribute is {@code label}. */
    @JsonProperty("image-folder")
    IMAGE_FOLDER("image-folder");

    private final String wireName;

    SourceLayout(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
