package io.stylesync.common.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The texts a catalogue item is described by, to train and evaluate text search: its display name when the
 * catalogue has one, and an attribute phrase built from its labels ("men navy blue shirts casual"), so a
 * catalogue without display names still trains.
 */
public final class Captions {

    /** The label column holding a product's display name, when a dataset carries it. */
    public static final String DISPLAY_NAME = "productDisplayName";

    /** Attributes in the order a shopper would say them; other labels follow in name order. */
    private static final List<String> SPOKEN_ORDER =
            List.of("gender", "baseColour", "articleType", "usage", "season", "subCategory", "masterCategory");

    private Captions() {}

    /** The attribute phrase, lower case, values in {@link #SPOKEN_ORDER}; empty when the item has no labels. */
    public static String attributePhrase(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        for (String attribute : SPOKEN_ORDER) {
            add(parts, labels.get(attribute));
        }
        new TreeMap<>(labels).forEach((attribute, value) -> {
            if (!SPOKEN_ORDER.contains(attribute) && !DISPLAY_NAME.equals(attribute)) {
                add(parts, value);
            }
        });
        return String.join(" ", parts).toLowerCase(Locale.ROOT);
    }

    /** The item's captions: its display name (if any) and its attribute phrase (if any), distinct. */
    public static List<String> of(Map<String, String> labels) {
        List<String> captions = new ArrayList<>(2);
        String name = labels.get(DISPLAY_NAME);
        if (name != null && !name.isBlank()) {
            captions.add(name.trim());
        }
        String phrase = attributePhrase(labels);
        if (!phrase.isEmpty() && !captions.contains(phrase)) {
            captions.add(phrase);
        }
        return captions;
    }

    private static void add(List<String> parts, String value) {
        if (value != null && !value.isBlank() && !value.equalsIgnoreCase("NA")) {
            parts.add(value.trim());
        }
    }
}
