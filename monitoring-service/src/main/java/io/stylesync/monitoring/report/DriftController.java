package io.stylesync.monitoring.report;

import io.stylesync.common.error.ProblemException;
import io.stylesync.monitoring.drift.DriftReport;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Current drift as JSON, and the same as a page a person reads. */
@RestController
public class DriftController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final DriftReports reports;

    public DriftController(DriftReports reports) {
        this.reports = reports;
    }

    /** Drift per column and for the dataset, of the given model version or the latest active one. */
    @GetMapping("/api/v1/drift")
    public DriftReport drift(
            @RequestParam(required = false) String model, @RequestParam(required = false) String version) {
        return reports.report(model, version);
    }

    /** The page; when nothing is monitored yet, a 404 page that says so (a browser asked, not a program). */
    @GetMapping(value = "/drift", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(
            @RequestParam(required = false) String model, @RequestParam(required = false) String version) {
        try {
            return ResponseEntity.ok().contentType(HTML).body(DriftPage.render(reports.report(model, version)));
        } catch (ProblemException e) {
            return ResponseEntity.status(e.status())
                    .contentType(HTML)
                    .body(DriftPage.message(e.title(), e.getMessage()));
        }
    }
}
