package io.stylesync.ingest.report;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;

/** Renders a {@link QualityReport} as one self-contained HTML page a person can read. */
public final class QualityReportHtml {

    private QualityReportHtml() {}

    public static String render(QualityReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Data quality: ")
                .append(esc(r.dataset()))
                .append(' ')
                .append(esc(r.version()))
                .append("</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}")
                .append(
                        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}")
                .append(
                        "th{background:#f3f3f3}.num{text-align:right}.bar{background:#4a7bd0;height:.8rem;display:inline-block}")
                .append(".warn{color:#a40}</style></head><body>");
        h.append("<h1>Data quality report</h1><p><b>Dataset</b> ")
                .append(esc(r.dataset()))
                .append(" &middot; <b>version</b> <code>")
                .append(esc(r.version()))
                .append("</code> &middot; <b>source</b> <code>")
                .append(esc(r.source()))
                .append("</code> (")
                .append(esc(r.layout()))
                .append(") &middot; generated ")
                .append(esc(String.valueOf(r.generatedAt())))
                .append("</p>");

        var s = r.summary();
        h.append("<h2>Summary</h2><table>");
        row(h, "Objects listed", s.objectsListed());
        row(h, "Images listed", s.imagesListed());
        row(h, "Other objects ignored", s.ignoredObjects());
        row(h, "Metadata rows", s.metadataRows());
        row(h, "Usable metadata rows", s.usableRows());
        row(h, "Rows without an image", s.rowsWithoutImage());
        row(h, "Images without a row", s.imagesWithoutRow());
        row(h, "Images whose row was dropped", s.imagesWithUnusableRow());
        row(h, "Images processed", s.imagesProcessed());
        row(h, "Images reused from the previous version", s.imagesReused());
        row(h, "Images accepted", s.imagesAccepted());
        row(h, "Images rejected", s.imagesRejected());
        h.append("</table>");

        counts(h, "Rejected images by reason", r.rejectedImagesByReason());
        counts(h, "Metadata rows dropped by reason", r.rowIssuesByReason());

        if (!r.classesBelowMinimum().isEmpty()) {
            h.append("<h2 class=\"warn\">Classes below the minimum of ")
                    .append(r.minClassCount())
                    .append(" images</h2>");
            r.classesBelowMinimum().forEach((attr, classes) -> counts(h, attr, classes));
        }
        h.append("<h2>Label distribution</h2>");
        r.labelDistributionBySplit()
                .forEach((split, byAttr) ->
                        byAttr.forEach((attr, classes) -> counts(h, split + " &middot; " + esc(attr), classes)));

        if (!r.rejectedImages().isEmpty()) {
            h.append("<h2>Rejected images</h2><table><tr><th>id</th><th>key</th><th>reason</th><th>detail</th></tr>");
            r.rejectedImages().stream()
                    .limit(1000)
                    .forEach(x -> h.append("<tr><td>")
                            .append(esc(x.id()))
                            .append("</td><td><code>")
                            .append(esc(x.key()))
                            .append("</code></td><td>")
                            .append(esc(x.reason().wireName()))
                            .append("</td><td>")
                            .append(esc(x.detail()))
                            .append("</td></tr>"));
            h.append("</table>");
        }
        if (!r.rowIssues().isEmpty()) {
            h.append(
                    "<h2>Dropped metadata rows</h2><table><tr><th>row</th><th>id</th><th>reason</th><th>detail</th></tr>");
            r.rowIssues().stream()
                    .limit(1000)
                    .forEach(x -> h.append("<tr><td class=\"num\">")
                            .append(x.row())
                            .append("</td><td>")
                            .append(esc(x.id()))
                            .append("</td><td>")
                            .append(esc(x.reason().name().toLowerCase()))
                            .append("</td><td>")
                            .append(esc(x.detail()))
                            .append("</td></tr>"));
            h.append("</table>");
        }
        list(h, "Images without a metadata row", r.imagesWithoutRow());
        list(h, "Rows without an image (first " + QualityReport.SAMPLE_LIMIT + ")", r.rowsWithoutImageSample());
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, long value) {
        h.append("<tr><th>")
                .append(esc(label))
                .append("</th><td class=\"num\">")
                .append(value)
                .append("</td></tr>");
    }

    private static void counts(StringBuilder h, String title, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        h.append("<h3>").append(title.contains("&middot;") ? title : esc(title)).append("</h3><table>");
        counts.forEach((k, v) -> h.append("<tr><td>")
                .append(esc(k))
                .append("</td><td class=\"num\">")
                .append(v)
                .append("</td><td><span class=\"bar\" style=\"width:")
                .append(Math.max(1, 300 * v / Math.max(1, max)))
                .append("px\"></span></td></tr>"));
        h.append("</table>");
    }

    private static void list(StringBuilder h, String title, java.util.List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        h.append("<h2>").append(esc(title)).append(" (").append(items.size()).append(")</h2><p>");
        items.stream()
                .limit(2000)
                .forEach(i -> h.append("<code>").append(esc(i)).append("</code> "));
        h.append("</p>");
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, StandardCharsets.UTF_8.name());
    }
}
