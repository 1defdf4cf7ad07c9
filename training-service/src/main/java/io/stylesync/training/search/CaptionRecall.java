package io.stylesync.training.search;

import io.stylesync.common.search.TextEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Item recall@k of caption queries: the share of captions whose own image is among the {@code k} images of the
 * split that score highest for it. Scored with {@link TextEncoder} (the code inference uses), so what training
 * reports is what serving does. Ties count against the caption (an image scoring equal to its own is ranked
 * before it), so a constant encoder scores about {@code k / images}, not 1.
 */
public final class CaptionRecall {

    public static final int[] KS = {1, 5, 10};

    private CaptionRecall() {}

    /** {@code recall_at_1}, {@code recall_at_5}, {@code recall_at_10}. */
    public static Map<String, Double> of(TextEncoder encoder, CaptionedImages pairs) {
        float[][] images = new float[pairs.features().length][];
        for (int i = 0; i < images.length; i++) {
            images[i] = encoder.imageVector(pairs.features()[i]);
        }
        long[] hits = new long[KS.length];
        for (int c = 0; c < pairs.size(); c++) {
            float[] t = encoder.encode(pairs.captions().get(c));
            int own = pairs.image()[c];
            double target = dot(t, images[own]);
            int better = 0;
            for (int i = 0; i < images.length; i++) {
                if (i != own && dot(t, images[i]) >= target) {
                    better++;
                }
            }
            for (int k = 0; k < KS.length; k++) {
                if (better < KS[k]) {
                    hits[k]++;
                }
            }
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        for (int k = 0; k < KS.length; k++) {
            recall.put("recall_at_" + KS[k], pairs.size() == 0 ? 0.0 : (double) hits[k] / pairs.size());
        }
        return recall;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
