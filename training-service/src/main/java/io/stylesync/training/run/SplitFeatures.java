package io.stylesync.training.run;

import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.training.data.LabelSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Features and label indices of one split. A val/test example whose label the training split never had, where its
 * head has no Other class to take it, is left out (it cannot be scored).
 */
record SplitFeatures(float[][] x, Map<String, int[]> y) {

    static SplitFeatures of(Split split, List<DatasetRecord> records, float[][] features, List<LabelSpace> spaces) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (scorable(records.get(i), split, spaces)) {
                rows.add(i);
            }
        }
        float[][] x = new float[rows.size()][];
        Map<String, int[]> y = new LinkedHashMap<>();
        for (LabelSpace s : spaces) {
            y.put(s.attribute(), new int[rows.size()]);
        }
        for (int j = 0; j < rows.size(); j++) {
            DatasetRecord r = records.get(rows.get(j));
            x[j] = features[rows.get(j)];
            for (LabelSpace s : spaces) {
                y.get(s.attribute())[j] = s.index(r.labels().get(s.attribute()));
            }
        }
        return new SplitFeatures(x, y);
    }

    /** In the split, with a class of every head. */
    static boolean scorable(DatasetRecord r, Split split, List<LabelSpace> spaces) {
        return r.split() == split
                && spaces.stream().allMatch(s -> s.index(r.labels().get(s.attribute())) >= 0);
    }
}
