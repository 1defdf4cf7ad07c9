package io.stylesync.monitoring.report;

import io.stylesync.monitoring.drift.ColumnDrift;
import io.stylesync.monitoring.drift.DriftReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.springframework.web.util.HtmlUtils;

/** The drift report as one self-contained HTML page: a summary table and, per column, reference vs current as inline SVG. */
final class DriftPage {

    private static final int MAX_CATEGORIES = 30;
    private static final int WIDTH = 520;
    private static final int HEIGHT = 140;

    private DriftPage() {}

    static String render(DriftReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        head(h, "Drift: " + r.modelName() + " v" + r.modelVersion());
        h.append("<h1>Drift of ")
                .append(esc(r.modelName()))
                .append(" version ")
                .append(esc(r.modelVersion()))
                .append("</h1>\n");
        h.append("<p class=meta>Reference: ")
                .append(esc(r.referenceSource()))
                .append(" · window: ")
                .append(r.windowEvents())
                .append(" events · computed ")
                .append(esc(String.valueOf(r.computedAt())))
                .append("</p>\n");
        h.append("<p class='dataset ")
                .append(r.datasetDrift() ? "bad" : "ok")
                .append("'>Dataset drift: <b>")
                .append(r.datasetDrift() ? "DETECTED" : "not detected")
                .append("</b> — ")
                .append(r.driftedInputColumns())
                .append(" of ")
                .append(r.inputColumns())
                .append(" input columns drifted (share ")
                .append(num(r.driftedShare()))
                .append(", threshold ")
                .append(num(r.datasetShareThreshold()))
                .append(")</p>\n");
        for (String note : r.notes()) {
            h.append("<p class=note>").append(esc(note)).append("</p>\n");
        }
        h.append(
                        "<table><thead><tr><th>column</th><th>kind</th><th>test</th><th>score</th><th>p-value</th><th>threshold</th>")
                .append("<th>drift</th><th>PSI</th><th>reference n</th><th>current n</th></tr></thead><tbody>\n");
        for (ColumnDrift c : r.columns()) {
            h.append("<tr class=")
                    .append(c.drifted() ? "bad" : "ok")
                    .append("><td><a href='#")
                    .append(id(c))
                    .append("'>")
                    .append(esc(c.feature()))
                    .append("</a></td><td>")
                    .append(esc(c.kind()))
                    .append("</td><td>")
                    .append(esc(c.test()))
                    .append("</td><td>")
                    .append(num(c.score()))
                    .append("</td><td>")
                    .append(num(c.pValue()))
                    .append("</td><td>")
                    .append(num(c.threshold()))
                    .append("</td><td>")
                    .append(c.drifted() ? "DRIFT" : "–")
                    .append("</td><td>")
                    .append(num(c.psi()))
                    .append("</td><td>")
                    .append(c.referenceCount())
                    .append("</td><td>")
                    .append(c.currentCount())
                    .append("</td></tr>\n");
        }
        h.append(
                "</tbody></table>\n<p class=legend><span class=ref>■</span> reference <span class=cur>■</span> current (share of rows per bin)</p>\n");
        for (ColumnDrift c : r.columns()) {
            h.append("<section id='")
                    .append(id(c))
                    .append("'><h2>")
                    .append(esc(c.feature()))
                    .append(" <small>")
                    .append(esc(c.kind()))
                    .append(" · ")
                    .append(esc(c.test()))
                    .append(" ")
                    .append(num(c.score()))
                    .append(c.drifted() ? " · DRIFT" : "")
                    .append("</small></h2>\n");
            svg(h, c);
            h.append("</section>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    static String message(String title, String detail) {
        StringBuilder h = new StringBuilder();
        head(h, title);
        h.append("<h1>")
                .append(esc(title))
                .append("</h1><p>")
                .append(esc(detail))
                .append("</p></body></html>\n");
        return h.toString();
    }

    private static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>")
                .append(esc(title))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(
                        "tr.bad td{background:#fde2e1}.dataset.bad{color:#b00020}.dataset.ok{color:#1b5e20}.meta,.note{color:#555}")
                .append(
                        ".ref{color:#4e79a7}.cur{color:#f28e2b}section{display:inline-block;margin:0 1.5em 1.5em 0;vertical-align:top}")
                .append("h2{font-size:1em}small{font-weight:normal;color:#555}</style></head><body>\n");
    }

    private static void svg(StringBuilder h, ColumnDrift c) {
        ColumnDrift.Histogram hist = c.histogram();
        List<Integer> shown = new ArrayList<>(
                IntStream.range(0, hist.reference().size()).boxed().toList());
        if (hist.labels() != null && shown.size() > MAX_CATEGORIES) {
            shown.sort(Comparator.comparingDouble((Integer i) ->
                    -Math.max(hist.reference().get(i), hist.current().get(i))));
            shown = shown.subList(0, MAX_CATEGORIES);
        }
        double max = 1e-12;
        for (int i : shown) {
            max = Math.max(max, Math.max(hist.reference().get(i), hist.current().get(i)));
        }
        int bottom = hist.labels() != null ? 70 : 20;
        double slot = (double) WIDTH / Math.max(1, shown.size());
        h.append("<svg xmlns='http://www.w3.org/2000/svg' width='")
                .append(WIDTH + 40)
                .append("' height='")
                .append(HEIGHT + bottom)
                .append("' role='img' aria-label='")
                .append(esc(c.feature()))
                .append(" histogram'>");
        for (int k = 0; k < shown.size(); k++) {
            int i = shown.get(k);
            double x = 30 + k * slot;
            bar(
                    h,
                    x + slot * 0.05,
                    slot * 0.45,
                    hist.reference().get(i) / max,
                    "#4e79a7",
                    hist.reference().get(i));
            bar(
                    h,
                    x + slot * 0.5,
                    slot * 0.45,
                    hist.current().get(i) / max,
                    "#f28e2b",
                    hist.current().get(i));
            if (hist.labels() != null) {
                double lx = x + slot / 2;
                h.append("<text font-size='9' transform='translate(")
                        .append(fmt(lx))
                        .append(',')
                        .append(HEIGHT + 4)
                        .append(") rotate(60)'>")
                        .append(esc(abbreviate(hist.labels().get(i))))
                        .append("</text>");
            }
        }
        h.append("<line x1='30' y1='")
                .append(HEIGHT)
                .append("' x2='")
                .append(WIDTH + 30)
                .append("' y2='")
                .append(HEIGHT)
                .append("' stroke='#888'/>");
        if (hist.labels() == null && hist.min() != null) {
            h.append("<text font-size='10' x='30' y='")
                    .append(HEIGHT + 14)
                    .append("'>")
                    .append(num(hist.min()))
                    .append("</text>")
                    .append("<text font-size='10' text-anchor='end' x='")
                    .append(WIDTH + 30)
                    .append("' y='")
                    .append(HEIGHT + 14)
                    .append("'>")
                    .append(num(hist.max()))
                    .append("</text>");
        }
        h.append("<text font-size='10' x='0' y='10'>").append(num(max)).append("</text></svg>\n");
    }

    private static void bar(StringBuilder h, double x, double w, double frac, String colour, double share) {
        double height = frac * (HEIGHT - 12);
        h.append("<rect x='")
                .append(fmt(x))
                .append("' y='")
                .append(fmt(HEIGHT - height))
                .append("' width='")
                .append(fmt(w))
                .append("' height='")
                .append(fmt(height))
                .append("' fill='")
                .append(colour)
                .append("'><title>")
                .append(num(share))
                .append("</title></rect>");
    }

    private static String id(ColumnDrift c) {
        return (c.kind() + "-" + c.feature()).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String abbreviate(String s) {
        return s.length() > 14 ? s.substring(0, 13) + "…" : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5)
                ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, StandardCharsets.UTF_8.name());
    }
}
