package io.stylesync.common.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One image's values of every {@link ImageFeature}. */
public record ImageFeatures(
        double brightness,
        double contrast,
        double saturation,
        double colourfulness,
        double dominantHue,
        double aspectRatio,
        double fileSizeKb) {

    public double get(ImageFeature feature) {
        return switch (feature) {
            case BRIGHTNESS -> brightness;
            case CONTRAST -> contrast;
            case SATURATION -> saturation;
            case COLOURFULNESS -> colourfulness;
            case DOMINANT_HUE -> dominantHue;
            case ASPECT_RATIO -> aspectRatio;
            case FILE_SIZE_KB -> fileSizeKb;
        };
    }

    /** Wire name to value, in {@link ImageFeature} order; unmodifiable. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (ImageFeature feature : ImageFeature.values()) {
            map.put(feature.wireName(), get(feature));
        }
        return Collections.unmodifiableMap(map);
    }
}
