package io.stylesync.ingest.api;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.SplitRatios;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.ingest.catalog.DatasetCatalog;
import io.stylesync.ingest.job.IngestJob;
import io.stylesync.ingest.job.IngestJobView;
import io.stylesync.ingest.job.IngestJobs;
import io.stylesync.ingest.job.IngestSpec;
import io.stylesync.ingest.source.SourceLayout;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Ingest raw images from S3 into versioned datasets")
class DatasetController {

    private static final List<String> KAGGLE_DEFAULT_ATTRIBUTES = List.of("articleType", "masterCategory");
    private static final String VERSION = "v[0-9a-f]{16}";
    private static final String VERSION_MESSAGE = "must look like v0123456789abcdef";
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final IngestJobs jobs;
    private final DatasetCatalog catalog;
    private final ObjectStore store;

    DatasetController(IngestJobs jobs, DatasetCatalog catalog, ObjectStore store) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.store = store;
    }

    @PostMapping
    @Operation(
            summary = "Start an ingest job",
            description = "Returns 202 with the job; poll /api/v1/ingest-jobs/{id}.")
    ResponseEntity<IngestJobView> ingest(@Valid @RequestBody IngestRequest request) {
        IngestJob job = jobs.submit(toSpec(request));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/ingest-jobs/" + job.id()))
                .body(job.view());
    }

    @GetMapping
    @Operation(summary = "List committed dataset versions, newest first")
    List<DatasetManifest> list() {
        return catalog.list();
    }

    @GetMapping("/{version}")
    @Operation(summary = "The manifest of a dataset version")
    DatasetManifest get(@PathVariable @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String version) {
        return catalog.findVersion(version)
                .orElseThrow(() -> ProblemException.notFound("no dataset version " + version));
    }

    @GetMapping(value = "/{version}/quality-report", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The data-quality report of a version, as a page")
    ResponseEntity<byte[]> qualityReportPage(
            @PathVariable @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String version) {
        return file(version, DatasetPaths.QUALITY_HTML, MediaType.TEXT_HTML);
    }

    @GetMapping(value = "/{version}/quality-report.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The data-quality report of a version, as JSON")
    ResponseEntity<byte[]> qualityReport(
            @PathVariable @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String version) {
        return file(version, DatasetPaths.QUALITY_JSON, MediaType.APPLICATION_JSON);
    }

    @GetMapping(value = "/{version}/reference-stats", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reference statistics for drift detection (train split)")
    ResponseEntity<byte[]> referenceStatistics(
            @PathVariable @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String version) {
        return file(version, DatasetPaths.REFERENCE_STATS, MediaType.APPLICATION_JSON);
    }

    private ResponseEntity<byte[]> file(String version, String name, MediaType type) {
        DatasetManifest m = get(version);
        S3Location location = DatasetPaths.versionPrefix(catalog.bucket(), m.dataset(), m.version())
                .resolve(name);
        return ResponseEntity.ok().contentType(type).body(store.readAllBytes(location, MAX_FILE_BYTES));
    }

    static IngestSpec toSpec(IngestRequest r) {
        S3Location source = S3Location.parse(r.source()).asPrefix();
        List<String> attributes = r.targetAttributes() != null
                ? List.copyOf(r.targetAttributes())
                : r.layout() == SourceLayout.KAGGLE_STYLES ? KAGGLE_DEFAULT_ATTRIBUTES : List.of("label");
        if (attributes.stream().distinct().count() != attributes.size()) {
            throw fieldProblem("targetAttributes", "must not repeat an attribute");
        }
        if (r.layout() == SourceLayout.IMAGE_FOLDER && attributes.size() != 1) {
            throw fieldProblem(
                    "targetAttributes", "an image-folder dataset has exactly one attribute (the folder name)");
        }
        String stratifyBy = r.stratifyBy() != null ? r.stratifyBy() : attributes.getFirst();
        if (!attributes.contains(stratifyBy)) {
            throw fieldProblem("stratifyBy", "must be one of the target attributes " + attributes);
        }
        String dataset = r.dataset() != null ? r.dataset() : defaultName(source);
        return new IngestSpec(
                source,
                r.layout(),
                dataset,
                attributes,
                stratifyBy,
                r.split() != null ? r.split() : SplitRatios.defaults(),
                r.seed() != null ? r.seed() : 42L,
                r.imageSize() != null ? r.imageSize() : PreprocessConfig.DEFAULT_SIZE,
                r.resize() != null ? r.resize() : ResizePolicy.PAD,
                r.minClassCount() != null ? r.minClassCount() : IngestSpec.DEFAULT_MIN_CLASS_COUNT);
    }

    private static String defaultName(S3Location source) {
        String last = source.key().isEmpty() ? source.bucket() : source.fileName();
        String name =
                last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (name.isEmpty()) {
            throw fieldProblem("dataset", "cannot derive a dataset name from " + source + "; set 'dataset'");
        }
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static ProblemException fieldProblem(String field, String message) {
        return new ProblemException(
                        400, "validation-failed", "Bad request", "Invalid request: '" + field + "' " + message)
                .with("errors", List.of(java.util.Map.of("field", field, "message", message)));
    }
}
