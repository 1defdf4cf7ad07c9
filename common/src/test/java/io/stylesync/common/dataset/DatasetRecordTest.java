package io.stylesync.common.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.search.Captions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class DatasetRecordTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A line of records.jsonl as versions written before text columns existed have it. */
    private static final String OLD_LINE = """
            {"id":"15970","split":"train","labels":{"articleType":"Shirts"},"key":"images/15970.jpg",\
            "sha256":"ab","sourceKey":"raw/images/15970.jpg","sourceEtag":"e","sourceBytes":10,"width":60,\
            "height":80,"features":{"brightness":120.5}}""";

    @Test
    void aRecordOfAnOldVersionLoadsWithoutText() {
        DatasetRecord old = JSON.readValue(OLD_LINE, DatasetRecord.class);

        assertThat(old.text()).isEmpty();
        assertThat(old.labelsAndText()).isEqualTo(Map.of("articleType", "Shirts"));
        assertThat(JSON.writeValueAsString(old)).doesNotContain("\"text\"");
    }

    @Test
    void textRoundTripsBesideTheLabelsAndJoinsThemForCaptions() {
        String name = "Café \"Lumière\" Men's Shirt, Navy\nBlue";
        DatasetRecord r = JSON.readValue(OLD_LINE, DatasetRecord.class).withLabels(Map.of("articleType", "Shirts"));
        DatasetRecord withText = new DatasetRecord(
                r.id(),
                r.split(),
                r.labels(),
                Map.of(Captions.DISPLAY_NAME, name),
                r.key(),
                r.sha256(),
                r.sourceKey(),
                r.sourceEtag(),
                r.sourceBytes(),
                r.width(),
                r.height(),
                r.features());

        DatasetRecord read = JSON.readValue(JSON.writeValueAsString(withText), DatasetRecord.class);

        assertThat(read).isEqualTo(withText);
        assertThat(read.withSplit(Split.TEST).text()).isEqualTo(withText.text());
        assertThat(Captions.of(read.labelsAndText())).containsExactly(name, "shirts");
    }

    @Test
    void aManifestOfAnOldVersionLoadsWithNoTextColumns() {
        var current = new DatasetManifest(
                DatasetManifest.SCHEMA_VERSION,
                "fashion",
                "v0123456789abcdef",
                Instant.parse("2026-01-01T00:00:00Z"),
                "s3://raw/fashion/",
                "kaggle-styles",
                List.of("articleType"),
                List.of(Captions.DISPLAY_NAME),
                "articleType",
                SplitRatios.defaults(),
                42,
                new DatasetManifest.Preprocessing(224, 224, "PAD", "jpeg", 0.92f, "f"),
                Map.of("articleType", List.of("Shirts")),
                new DatasetManifest.Counts(1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0),
                Map.of("records", DatasetPaths.RECORDS),
                "ab",
                null);
        ObjectNode old = (ObjectNode) JSON.valueToTree(current);
        old.remove("textColumns");

        DatasetManifest m = JSON.treeToValue(old, DatasetManifest.class);

        assertThat(m.targetAttributes()).containsExactly("articleType");
        assertThat(m.textColumns()).isEmpty();
        assertThat(JSON.readValue(JSON.writeValueAsString(current), DatasetManifest.class))
                .isEqualTo(current);
    }
}
