package io.stylesync.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.model.ClassifierHead;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class ConfusionMatrixHtmlTest {

    private static final List<String> CLASSES = List.of("Tops & Tees", "<script>alert(1)</script>", "Jeans \"slim\"");

    @Test
    void rendersAWellFormedPageWithEscapedNamesMetricsAndTheMatrix() throws Exception {
        float[][] probabilities = {{.7f, .2f, .1f}, {.6f, .3f, .1f}, {.1f, .8f, .1f}, {.1f, .1f, .8f}, {.2f, .1f, .7f}};
        HeadEvaluation e = Evaluator.evaluate(
                EvaluatorTest.identityHead("article<Type>", CLASSES),
                EvaluatorTest.logits(probabilities),
                new int[] {0, 1, 1, 2, 2});

        String html = ConfusionMatrixHtml.render(e);

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Tops &amp; Tees", "Jeans &quot;slim&quot;")
                .contains("<title>article&lt;Type&gt; - evaluation</title>")
                .contains("80.00%") // accuracy 4/5
                .contains("Macro F1", "Top-5 accuracy", "Expected calibration error");

        // Parsing it as XML proves the escaping kept the structure intact; then read the matrix back.
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        Element confusion = table(doc, "confusion");
        NodeList rows = confusion.getElementsByTagName("tr");
        assertThat(rows.getLength()).isEqualTo(1 + CLASSES.size());
        assertThat(rows.item(2).getFirstChild().getTextContent()).isEqualTo(CLASSES.get(1));
        assertThat(cells(rows.item(2))).containsExactly("1", "1", "0", "2"); // true class 1: one right, one as 0; total
        assertThat(cells(rows.item(3))).containsExactly("0", "0", "2", "2");
        NodeList perClass = table(doc, "per-class").getElementsByTagName("tr");
        assertThat(perClass.getLength()).isEqualTo(1 + CLASSES.size());
        // class 0: predicted twice, right once -> precision .5, recall 1
        assertThat(cells(perClass.item(1))).containsExactly("Tops & Tees", "0.5000", "1.0000", "0.6667", "1");
    }

    @Test
    void shadesTheDiagonalAndTheErrorsDifferently() {
        HeadEvaluation e = Evaluator.evaluate(
                new ClassifierHead("gender", List.of("Men", "Women"), new float[][] {{40, 0}, {0, 40}}, new float[2]),
                new float[][] {{1, 0}, {1, 0}},
                new int[] {0, 1});

        String html = ConfusionMatrixHtml.render(e);

        assertThat(html).contains("rgba(33,102,172,1.000)").contains("rgba(202,0,32,1.000)");
    }

    private static Element table(Document doc, String cssClass) {
        NodeList tables = doc.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (t.getAttribute("class").equals(cssClass)) {
                return t;
            }
        }
        throw new AssertionError("no table " + cssClass);
    }

    /** Texts of the td cells of a row. */
    private static List<String> cells(Node row) {
        NodeList tds = ((Element) row).getElementsByTagName("td");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tds.getLength(); i++) {
            out.add(tds.item(i).getTextContent());
        }
        return out;
    }
}
