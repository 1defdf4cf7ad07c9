package io.stylesync.ingest.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.error.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StylesCsvReaderTest {

    private static StylesTable read(String csv, List<String> attributes) {
        return StylesCsvReader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), attributes, 1000);
    }

    @Test
    void readsColumnsByHeaderNameWithQuotedCommasAndExtraColumns() {
        String csv = """
                year,articleType,id,productDisplayName,masterCategory
                2012,Shirts,15970,"Turtle Check Men, Navy Blue Shirt",Apparel
                2011,Jeans,39386,Peter England Men Party Blue Jeans,Apparel
                """;
        StylesTable t = read(csv, List.of("articleType", "masterCategory"));
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.issues()).isEmpty();
        assertThat(t.labelsById()).containsEntry("15970", Map.of("articleType", "Shirts", "masterCategory", "Apparel"));
    }

    @Test
    void keepsTheDisplayNameAsTextBesideTheLabelsNotAsALabel() {
        String csv = """
                id,articleType,productDisplayName
                1,Shirts,"Turtle ""Check"" Men, Navy Blue Shirt"
                2,Sarees,"Saree à fleurs, 100% soie
                second line"
                3,Jeans,
                4,Watches,NA
                1,Tshirts,a duplicate's name
                """;
        StylesTable t = read(csv, List.of("articleType"));

        assertThat(t.textColumns()).containsExactly("productDisplayName");
        assertThat(t.labelsById().get("1")).isEqualTo(Map.of("articleType", "Shirts"));
        assertThat(t.textById())
                .containsOnlyKeys("1", "2") // no text for a blank or NA name, nor from a dropped duplicate row
                .containsEntry("1", Map.of("productDisplayName", "Turtle \"Check\" Men, Navy Blue Shirt"))
                .containsEntry("2", Map.of("productDisplayName", "Saree à fleurs, 100% soie\nsecond line"));
    }

    @Test
    void aDisplayNameRequestedAsATargetIsALabelAndNoText() {
        StylesTable t = read("id,productDisplayName\n1,Blue Shirt\n", List.of("productDisplayName"));
        assertThat(t.labelsById().get("1")).isEqualTo(Map.of("productDisplayName", "Blue Shirt"));
        assertThat(t.textColumns()).isEmpty();
        assertThat(t.textById()).isEmpty();
        assertThat(read("id,articleType\n1,Shirts\n", List.of("articleType")).textColumns())
                .isEmpty();
    }

    @Test
    void kaggleCommasLeftUnquotedInTheLastColumnStayInTheDisplayName() {
        String csv = """
                id,articleType,productDisplayName
                1,Caps,Puma Unisex Baseball Cap, Black
                """;
        StylesTable t = read(csv, List.of("articleType"));
        assertThat(t.issues()).isEmpty();
        assertThat(t.textById().get("1")).containsEntry("productDisplayName", "Puma Unisex Baseball Cap, Black");
    }

    @Test
    void reportsMissingFieldsDuplicateIdsAndInvalidIds() {
        String csv = """
                id,articleType,masterCategory
                1,Shirts,Apparel
                2,,Apparel
                1,Jeans,Apparel
                ../x,Shirts,Apparel
                3,Watches,NA
                """;
        StylesTable t = read(csv, List.of("articleType", "masterCategory"));
        assertThat(t.labelsById()).containsOnlyKeys("1");
        assertThat(t.labelsById().get("1")).containsEntry("articleType", "Shirts"); // the first row wins
        assertThat(t.issues())
                .extracting(RowIssue::reason)
                .containsExactly(
                        RowIssue.Reason.MISSING_FIELD,
                        RowIssue.Reason.DUPLICATE_ID,
                        RowIssue.Reason.INVALID_ID,
                        RowIssue.Reason.MISSING_FIELD);
        assertThat(t.issues()).extracting(RowIssue::row).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void aMissingColumnIsNamed() {
        assertThatThrownBy(() -> read("id,gender\n1,Men\n", List.of("articleType")))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("[articleType]")
                .hasMessageContaining("[id, gender]");
    }

    @Test
    void nonUtf8TextFailsWithTheRow() {
        byte[] latin1 = "id,articleType\n1,Shirts\n2,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> StylesCsvReader.read(new ByteArrayInputStream(latin1), List.of("articleType"), 1000))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void tooManyRowsFail() {
        StringBuilder csv = new StringBuilder("id,articleType\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(",Shirts\n");
        }
        assertThatThrownBy(() -> StylesCsvReader.read(
                        new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                        List.of("articleType"),
                        10))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("more than 10 rows");
    }
}
