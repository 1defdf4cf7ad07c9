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

    /**
     * {@link #of} plus shorter phrasings a shopper types ("navy blue shirts for men", "navy blue shirts"), for
     * training only: the full phrase alone teaches the encoder little about queries that name two or three
     * attributes. Evaluation queries stay {@link #of}.
     */
    public static List<String> forTraining(Map<String, String> labels) {
        List<String> captions = new ArrayList<>(of(labels));
        String colour = value(labels, "baseColour");
        String type = value(labels, "articleType");
        String gender = value(labels, "gender");
        if (type != null && colour != null) {
            if (gender != null) {
                addDistinct(captions, colour + " " + type + " for " + gender);
            }
            addDistinct(captions, colour + " " + type);
        }
        return captions;
    }

    private static String value(Map<String, String> labels, String attribute) {
        String v = labels.get(attribute);
        return v == null || v.isBlank() || v.equalsIgnoreCase("NA")
                ? null
                : v.trim().toLowerCase(Locale.ROOT);
    }

    private static void addDistinct(List<String> captions, String caption) {
        if (!captions.contains(caption)) {
            captions.add(caption);
        }
    }

    private static void add(List<String> parts, String value) {
        if (value != null && !value.isBlank() && !value.equalsIgnoreCase("NA")) {
            parts.add(value.trim());
        }
    }
}
