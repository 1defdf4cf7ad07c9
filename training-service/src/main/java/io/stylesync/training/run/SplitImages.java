package io.stylesync.training.run;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.RgbImage;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.dataset.DatasetSource;
import io.stylesync.training.network.TrainingImages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images and label indices of one split, decoded from S3 on every access (nothing held between epochs), with
 * the rows {@link SplitFeatures} keeps.
 */
record SplitImages(
        List<DatasetRecord> rows,
        Map<String, int[]> y,
        DatasetManifest manifest,
        DatasetSource datasets,
        ImagePreprocessor preprocessor)
        implements TrainingImages {

    static SplitImages of(
            Split split,
            List<DatasetRecord> records,
            List<LabelSpace> spaces,
            DatasetManifest manifest,
            DatasetSource datasets,
            ImagePreprocessor preprocessor) {
        List<DatasetRecord> rows = records.stream()
                .filter(r -> SplitFeatures.scorable(r, split, spaces))
                .toList();
        Map<String, int[]> y = new LinkedHashMap<>();
        for (LabelSpace s : spaces) {
            y.put(
                    s.attribute(),
                    rows.stream()
                            .mapToInt(r -> s.index(r.labels().get(s.attribute())))
                            .toArray());
        }
        return new SplitImages(rows, y, manifest, datasets, preprocessor);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public RgbImage image(int index) {
        DatasetRecord r = rows.get(index);
        try {
            return preprocessor.resize(new ImageDecoder(DecodeLimits.defaults()).decode(datasets.image(manifest, r)));
        } catch (InvalidImageException e) {
            throw new IllegalStateException(
                    "image " + r.id() + " of the dataset cannot be decoded: " + e.getMessage(), e);
        }
    }
}
