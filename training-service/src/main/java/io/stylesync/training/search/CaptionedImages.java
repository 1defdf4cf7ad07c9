package io.stylesync.training.search;

import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.search.Captions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caption–image pairs of one split: every caption of every item ({@link Captions}), each pointing at its item's
 * backbone feature row. An item with two captions is two pairs with the same image.
 *
 * @param captions the texts
 * @param image    {@code image[i]}: the row of {@code features} caption i describes
 * @param features the split's backbone features, one row per item
 */
public record CaptionedImages(List<String> captions, int[] image, float[][] features) {

    public CaptionedImages {
        captions = List.copyOf(captions);
        if (captions.size() != image.length) {
            throw new IllegalArgumentException(captions.size() + " captions for " + image.length + " image indices");
        }
    }

    /**
     * The pairs of one split of a dataset version, described by each record's labels and text (its display name,
     * where the version has one).
     *
     * @param features one row per record, in record order
     */
    public static CaptionedImages of(Split split, List<DatasetRecord> records, float[][] features) {
        return of(describedBy(split, records), rowsOf(split, records, features));
    }

    /** {@link #of(Split, List, float[][])} with the training phrasings of {@link Captions#forTraining}. */
    public static CaptionedImages forTraining(Split split, List<DatasetRecord> records, float[][] features) {
        return forTraining(describedBy(split, records), rowsOf(split, records, features));
    }

    /** @param labels each item's labels (and display name, where the catalogue has one), in feature-row order */
    public static CaptionedImages of(List<Map<String, String>> labels, float[][] features) {
        return of(labels, features, Captions::of);
    }

    /** The pairs to train on: {@link Captions#forTraining} adds shorter phrasings of each item. */
    public static CaptionedImages forTraining(List<Map<String, String>> labels, float[][] features) {
        return of(labels, features, Captions::forTraining);
    }

    private static CaptionedImages of(
            List<Map<String, String>> labels,
            float[][] features,
            java.util.function.Function<Map<String, String>, List<String>> describe) {
        if (labels.size() != features.length) {
            throw new IllegalArgumentException(labels.size() + " items for " + features.length + " feature rows");
        }
        List<String> captions = new ArrayList<>();
        List<Integer> image = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            for (String caption : describe.apply(labels.get(i))) {
                captions.add(caption);
                image.add(i);
            }
        }
        return new CaptionedImages(
                captions, image.stream().mapToInt(Integer::intValue).toArray(), features);
    }

    private static List<Map<String, String>> describedBy(Split split, List<DatasetRecord> records) {
        return records.stream()
                .filter(r -> r.split() == split)
                .map(DatasetRecord::labelsAndText)
                .toList();
    }

    private static float[][] rowsOf(Split split, List<DatasetRecord> records, float[][] features) {
        if (records.size() != features.length) {
            throw new IllegalArgumentException(records.size() + " records for " + features.length + " feature rows");
        }
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).split() == split) {
                rows.add(features[i]);
            }
        }
        return rows.toArray(float[][]::new);
    }

    public int size() {
        return captions.size();
    }

    /** The first {@code n} items and their captions (validation on a bounded sample keeps epochs cheap). */
    public CaptionedImages firstItems(int n) {
        if (n >= features.length) {
            return this;
        }
        List<String> c = new ArrayList<>();
        List<Integer> im = new ArrayList<>();
        for (int i = 0; i < image.length; i++) {
            if (image[i] < n) {
                c.add(captions.get(i));
                im.add(image[i]);
            }
        }
        float[][] f = java.util.Arrays.copyOf(features, n);
        return new CaptionedImages(c, im.stream().mapToInt(Integer::intValue).toArray(), f);
    }
}
