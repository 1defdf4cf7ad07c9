package io.stylesync.inference.advise;

import java.util.List;
import java.util.Map;

/**
 * The style advisor's answer.
 *
 * @param season    the catalogue season the weather calls for
 * @param criteria  what was applied (and what could not be, e.g. a catalogue without a season label)
 */
public record Advice(
        Weather weather,
        String season,
        String occasion,
        ColourProfile palette,
        List<String> criteria,
        List<Item> items) {

    /** A catalogue item and why it was chosen. */
    public record Item(String id, double score, Map<String, String> labels, String imageUrl, List<String> reasons) {}
}
