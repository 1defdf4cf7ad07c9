package io.stylesync.training.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.search.Captions;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.training.dataset.DatasetSource;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Text search's caption–image pairs from a dataset version as training reads it from (embedded) S3: a version in
 * ingest's contract, with display names beside the labels, and the same records as a version written before
 * text columns existed.
 */
class CaptionedImagesTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String VERSION = "v00000000000000e1";

    static DatasetManifest manifest;
    static List<DatasetRecord> records;
    static float[][] features;

    @BeforeAll
    static void version() throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetFixture.write(s3.store(), "stylesync", "captions", VERSION, 5);
        DatasetSource source = new DatasetSource(s3.store(), JSON, s3.properties());
        manifest = source.manifest(VERSION);
        records = source.records(manifest);
        features = new float[records.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = new float[] {i};
        }
    }

    private static List<DatasetRecord> split(List<DatasetRecord> all, Split split) {
        return all.stream().filter(r -> r.split() == split).toList();
    }

    @Test
    void displayNamesAreCaptionsOfTheirOwnImageAndNoTarget() {
        assertThat(manifest.textColumns()).containsExactly(Captions.DISPLAY_NAME);
        assertThat(manifest.targetAttributes()).doesNotContain(Captions.DISPLAY_NAME);
        assertThat(records).allSatisfy(r -> assertThat(r.labels()).doesNotContainKey(Captions.DISPLAY_NAME));
        List<DatasetRecord> test = split(records, Split.TEST);
        List<String> names =
                test.stream().map(r -> r.text().get(Captions.DISPLAY_NAME)).toList();
        assertThat(names).hasSize(3).doesNotContainNull();

        CaptionedImages pairs = CaptionedImages.of(Split.TEST, records, features);

        assertThat(pairs.captions()).containsAll(names);
        for (int j = 0; j < pairs.size(); j++) {
            DatasetRecord item = test.get(pairs.image()[j]);
            assertThat(pairs.features()[pairs.image()[j]][0]).isEqualTo(records.indexOf(item));
            assertThat(Captions.of(item.labelsAndText()))
                    .contains(pairs.captions().get(j));
        }
        DatasetRecord first = split(records, Split.TRAIN).getFirst();
        assertThat(CaptionedImages.forTraining(Split.TRAIN, records, features).captions())
                .contains(first.text().get(Captions.DISPLAY_NAME));
    }

    @Test
    void aVersionWithoutTextStillCaptionsItsItemsByTheirAttributes() {
        List<DatasetRecord> old = records.stream()
                .map(r -> {
                    ObjectNode line = (ObjectNode) JSON.valueToTree(r);
                    line.remove("text");
                    return JSON.treeToValue(line, DatasetRecord.class);
                })
                .toList();

        CaptionedImages pairs = CaptionedImages.of(Split.TEST, old, features);

        assertThat(pairs.captions())
                .containsExactlyElementsOf(split(old, Split.TEST).stream()
                        .map(r -> Captions.attributePhrase(r.labels()))
                        .toList());
    }
}
