package io.stylesync.training.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * A self-contained HTML report of one {@link HeadEvaluation}: summary metrics, the confusion matrix shaded by
 * each row's share (the diagonal blue, errors red, so a row reads as "where did this class go") and the
 * per-class table. Every text from the data is escaped; the markup is also well-formed XML.
 */
public final class ConfusionMatrixHtml {

    private ConfusionMatrixHtml() {}

    public static String render(HeadEvaluation e) {
        String attribute = escape(e.attribute());
        StringBuilder html =
                new StringBuilder(4096 + 64 * e.classes().size() * e.classes().size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(attribute)
                .append(" - evaluation</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}\n")
                .append("th,td{border:1px solid #ccc;padding:3px 6px;text-align:right;font-size:13px}\n")
                .append("th{background:#f4f4f4}\n")
                .append("th.row,td.name{text-align:left}\n")
                .append(
                        "th.col{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;vertical-align:bottom}\n")
                .append(".summary td{text-align:left}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(attribute).append("</h1>\n");
        summary(html, e);
        confusion(html, e);
        perClass(html, e);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void summary(StringBuilder html, HeadEvaluation e) {
        html.append("<table class=\"summary\">\n");
        row(html, "Examples", Long.toString(e.count()));
        row(html, "Classes", Integer.toString(e.classes().size()));
        row(html, "Accuracy", percent(e.accuracy()));
        row(html, "Top-5 accuracy", percent(e.top5Accuracy()));
        row(html, "Macro F1", decimal(e.macroF1()));
        row(html, "Expected calibration error (15 bins)", decimal(e.expectedCalibrationError()));
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th class=\"row\">")
                .append(name)
                .append("</th><td>")
                .append(value)
                .append("</td></tr>\n");
    }

    private static void confusion(StringBuilder html, HeadEvaluation e) {
        List<String> classes = e.classes();
        long[][] m = e.confusion();
        html.append("<h2>Confusion matrix</h2>\n<p>Rows: true class. Columns: predicted class. ")
                .append("Shade: share of the row.</p>\n<table class=\"confusion\">\n<tr><th>true \\ predicted</th>");
        for (String c : classes) {
            html.append("<th class=\"col\">").append(escape(c)).append("</th>");
        }
        html.append("<th>total</th></tr>\n");
        for (int t = 0; t < classes.size(); t++) {
            long total = 0;
            for (long v : m[t]) {
                total += v;
            }
            html.append("<tr><th class=\"row\">").append(escape(classes.get(t))).append("</th>");
            for (int p = 0; p < classes.size(); p++) {
                double share = total == 0 ? 0 : (double) m[t][p] / total;
                html.append("<td style=\"")
                        .append(shade(share, t == p))
                        .append("\" title=\"")
                        .append(escape(classes.get(t)))
                        .append(" predicted as ")
                        .append(escape(classes.get(p)))
                        .append(": ")
                        .append(percent(share))
                        .append("\">")
                        .append(m[t][p])
                        .append("</td>");
            }
            html.append("<td>").append(total).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void perClass(StringBuilder html, HeadEvaluation e) {
        html.append("<h2>Per class</h2>\n<table class=\"per-class\">\n")
                .append(
                        "<tr><th class=\"row\">class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        e.perClass()
                .forEach((name, m) -> html.append("<tr><td class=\"name\">")
                        .append(escape(name))
                        .append("</td><td>")
                        .append(decimal(m.precision()))
                        .append("</td><td>")
                        .append(decimal(m.recall()))
                        .append("</td><td>")
                        .append(decimal(m.f1()))
                        .append("</td><td>")
                        .append(m.support())
                        .append("</td></tr>\n"));
        html.append("</table>\n");
    }

    private static String shade(double share, boolean diagonal) {
        if (share == 0) {
            return "background:#fff";
        }
        String rgb = diagonal ? "33,102,172" : "202,0,32";
        double alpha = 0.08 + 0.92 * share;
        return String.format(
                Locale.ROOT, "background:rgba(%s,%.3f);color:%s", rgb, alpha, alpha > 0.55 ? "#fff" : "#222");
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Only {@code & < > " '} become references (UTF-8 keeps the rest), so the page stays well-formed XML. */
    static String escape(String s) {
        return HtmlUtils.htmlEscape(s, StandardCharsets.UTF_8.name());
    }
}
