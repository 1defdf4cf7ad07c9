package io.stylesync.ingest.job;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.dataset.ReferenceStatisticsBuilder;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.ingest.catalog.DatasetCatalog;
import io.stylesync.ingest.catalog.VersionWriter;
import io.stylesync.ingest.config.IngestProperties;
import io.stylesync.ingest.metadata.StylesCsvReader;
import io.stylesync.ingest.metadata.StylesTable;
import io.stylesync.ingest.processing.ImageProcessor;
import io.stylesync.ingest.processing.ImageRejection;
import io.stylesync.ingest.processing.LabelledImage;
import io.stylesync.ingest.processing.OutputSpec;
import io.stylesync.ingest.processing.ProcessingOutcome;
import io.stylesync.ingest.processing.RejectReason;
import io.stylesync.ingest.report.QualityReport;
import io.stylesync.ingest.source.SourceImage;
import io.stylesync.ingest.source.SourceLayout;
import io.stylesync.ingest.source.SourceScan;
import io.stylesync.ingest.source.SourceScanner;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one ingest job: list, read metadata, process images in parallel, drop duplicate content,
 * split, write the files, and commit the manifest last. On failure the version's objects are
 * removed (best effort; if storage is down, the next job or the orphan sweep removes them) and
 * no manifest exists, so no reader ever sees a partial version.
 */
@Component
public class IngestPipeline {

    /** Bump when the stored images would change for the same settings (resampler, encoder). */
    static final String OUTPUT_FORMAT = "jpeg;resampler=bilinear-aa-v1";

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    private final ObjectStore store;
    private final SourceScanner scanner;
    private final ImageProcessor processor;
    private final DatasetCatalog catalog;
    private final VersionWriter writer;
    private final IngestProperties props;
    private final IngestMetrics metrics;

    public IngestPipeline(
            ObjectStore store,
            SourceScanner scanner,
            ImageProcessor processor,
            DatasetCatalog catalog,
            VersionWriter writer,
            IngestProperties props,
            IngestMetrics metrics) {
        this.store = store;
        this.scanner = scanner;
        this.processor = processor;
        this.catalog = catalog;
        this.writer = writer;
        this.props = props;
        this.metrics = metrics;
    }

    static String preprocessingFingerprint(IngestSpec spec, float quality) {
        return "size=" + spec.imageSize() + ";resize=" + spec.resize() + ";quality=" + quality + ";" + OUTPUT_FORMAT;
    }

    public void run(IngestJob job) {
        job.start();
        metrics.jobStarted();
        S3Location versionPrefix = null;
        boolean committed = false;
        try {
            IngestSpec spec = job.spec();
            String fingerprint = preprocessingFingerprint(spec, props.jpegQuality());

            SourceScan scan = timed(job, JobPhase.LISTING, () -> scanner.scan(spec.source(), spec.layout()));
            job.objectsListed.set(scan.objectCount());
            String version = VersionId.compute(spec, scan, fingerprint);
            job.version(version);
            versionPrefix = DatasetPaths.versionPrefix(catalog.bucket(), spec.dataset(), version);
            if (catalog.manifest(spec.dataset(), version).isPresent()) {
                log.info("Dataset {} version {} is unchanged; nothing to do", spec.dataset(), version);
                committed = true;
                finish(job, versionPrefix.resolve(DatasetPaths.MANIFEST), true);
                return;
            }
            int leftovers = catalog.clearUncommitted(spec.dataset(), version);
            if (leftovers > 0) {
                log.info("Removed {} objects an earlier, unfinished attempt at {} left", leftovers, versionPrefix);
            }

            Labelled labelled = timed(job, JobPhase.READING_METADATA, () -> label(spec, scan));
            var previous = catalog.latestWithPreprocessing(spec.dataset(), fingerprint);
            OutputSpec out = new OutputSpec(
                    versionPrefix,
                    spec.imageSize(),
                    spec.resize(),
                    props.jpegQuality(),
                    previous.map(m -> DatasetPaths.versionPrefix(catalog.bucket(), m.dataset(), m.version()))
                            .orElse(null),
                    previous.map(catalog::recordsBySourceKey).orElse(Map.of()));

            job.candidates.set(labelled.images().size());
            S3Location prefix = versionPrefix;
            Processed processed = timed(job, JobPhase.PROCESSING, () -> process(job, labelled.images(), out, prefix));

            List<DatasetRecord> split = timed(
                    job,
                    JobPhase.SPLITTING,
                    () -> io.stylesync.ingest.split.StratifiedSplitter.split(
                            processed.accepted(), spec.stratifyBy(), spec.splitRatios(), spec.seed()));

            S3Location manifestLocation = timed(
                    job,
                    JobPhase.WRITING,
                    () -> write(
                            spec,
                            version,
                            prefix,
                            scan,
                            labelled,
                            processed,
                            split,
                            fingerprint,
                            previous.map(DatasetManifest::version).orElse(null)));
            committed = true;
            finish(job, manifestLocation, false);
        } catch (RuntimeException e) {
            // the queue interrupts a running job when the service stops; whatever call that interrupt broke
            if (e instanceof Interrupted || Thread.currentThread().isInterrupted()) {
                log.info("Ingest job {} interrupted: the service is stopping", job.id());
                job.interrupt("interrupted: the service stopped before the job finished");
                metrics.jobFinished(JobState.INTERRUPTED);
            } else {
                String cause = describe(e);
                log.warn("Ingest job {} failed: {}", job.id(), cause, e);
                job.fail(cause);
                metrics.jobFinished(JobState.FAILED);
            }
            if (versionPrefix != null && !committed) {
                removeQuietly(versionPrefix);
            }
        } finally {
            metrics.jobEnded();
        }
    }

    private void finish(IngestJob job, S3Location manifest, boolean unchanged) {
        job.succeed(manifest.toString(), unchanged);
        metrics.jobFinished(JobState.SUCCEEDED);
    }

    /** Images joined with labels, and what the join left out. */
    private record Labelled(
            List<LabelledImage> images,
            StylesTable table,
            List<SourceImage> imagesWithoutRow,
            List<SourceImage> imagesWithUnusableRow,
            List<String> rowsWithoutImage) {}

    private Labelled label(IngestSpec spec, SourceScan scan) {
        if (spec.layout() == SourceLayout.IMAGE_FOLDER) {
            String attribute = spec.targetAttributes().getFirst();
            List<LabelledImage> images = scan.images().stream()
                    .map(i -> new LabelledImage(i, Map.of(attribute, SourceScanner.folderClass(i.id())), Map.of()))
                    .toList();
            return new Labelled(images, null, List.of(), List.of(), List.of());
        }
        StylesTable table;
        try (InputStream in = store.open(scan.metadata()
                .orElseThrow(() -> io.stylesync.common.error.ProblemException.unprocessable(
                        "metadata-missing", "styles.csv is missing under " + spec.source()))
                .location())) {
            table = StylesCsvReader.read(in, spec.targetAttributes(), props.maxMetadataRows());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<LabelledImage> images = new ArrayList<>();
        List<SourceImage> withoutRow = new ArrayList<>();
        List<SourceImage> unusableRow = new ArrayList<>();
        Set<String> imageIds = new HashSet<>();
        Set<String> droppedRowIds = new HashSet<>();
        table.issues().forEach(i -> droppedRowIds.add(i.id()));
        for (SourceImage image : scan.images()) {
            imageIds.add(image.id());
            Map<String, String> labels = table.labelsById().get(image.id());
            if (labels == null) {
                (droppedRowIds.contains(image.id()) ? unusableRow : withoutRow).add(image);
            } else {
                images.add(new LabelledImage(image, labels, table.textById().getOrDefault(image.id(), Map.of())));
            }
        }
        List<String> rowsWithoutImage = table.labelsById().keySet().stream()
                .filter(id -> !imageIds.contains(id))
                .toList();
        return new Labelled(images, table, withoutRow, unusableRow, rowsWithoutImage);
    }

    /** {@code processed}: images decoded in this run, accepted or not; {@code reused}: copied from the previous version. */
    private record Processed(
            List<DatasetRecord> accepted, List<ImageRejection> rejected, long processed, long reused) {}

    private Processed process(IngestJob job, List<LabelledImage> images, OutputSpec out, S3Location versionPrefix) {
        List<DatasetRecord> accepted = new ArrayList<>(images.size());
        List<ImageRejection> rejected = new ArrayList<>();
        long fresh = 0;
        long reused = 0;
        ExecutorService pool = Executors.newFixedThreadPool(
                props.parallelism(),
                Thread.ofPlatform()
                        .name("ingest-" + job.id().substring(0, 8) + "-", 0)
                        .factory());
        try {
            List<Future<ProcessingOutcome>> futures = new ArrayList<>(images.size());
            for (LabelledImage image : images) {
                futures.add(pool.submit(() -> {
                    ProcessingOutcome outcome = processor.process(image, out);
                    count(job, outcome);
                    return outcome;
                }));
            }
            for (Future<ProcessingOutcome> f : futures) {
                ProcessingOutcome outcome = f.get();
                switch (outcome) {
                    case ProcessingOutcome.Accepted a -> {
                        accepted.add(a.record());
                        if (a.reused()) {
                            reused++;
                        } else {
                            fresh++;
                        }
                    }
                    case ProcessingOutcome.Rejected r -> {
                        rejected.add(r.rejection());
                        fresh++;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<DatasetRecord> unique = dropDuplicateContent(accepted, rejected, versionPrefix);
        return new Processed(unique, rejected, fresh, reused);
    }

    private void count(IngestJob job, ProcessingOutcome outcome) {
        job.processed.incrementAndGet();
        switch (outcome) {
            case ProcessingOutcome.Accepted a -> {
                job.accepted.incrementAndGet();
                if (a.reused()) {
                    job.reused.incrementAndGet();
                }
                metrics.processed(a.reused(), a.bytesRead(), a.bytesWritten());
            }
            case ProcessingOutcome.Rejected r -> {
                job.rejected.incrementAndGet();
                metrics.rejected(r.rejection().reason(), r.bytesRead());
            }
        }
    }

    /** Of images with identical bytes, the one with the smallest id stays; the others are rejected and their outputs deleted. */
    private List<DatasetRecord> dropDuplicateContent(
            List<DatasetRecord> accepted, List<ImageRejection> rejected, S3Location versionPrefix) {
        Map<String, DatasetRecord> keeper = new HashMap<>();
        List<DatasetRecord> sorted = new ArrayList<>(accepted);
        sorted.sort(Comparator.comparing(DatasetRecord::id));
        List<DatasetRecord> unique = new ArrayList<>(sorted.size());
        for (DatasetRecord r : sorted) {
            DatasetRecord first = keeper.putIfAbsent(r.sha256(), r);
            if (first == null) {
                unique.add(r);
            } else {
                rejected.add(new ImageRejection(
                        r.id(), r.sourceKey(), RejectReason.DUPLICATE_CONTENT, "same bytes as image " + first.id()));
                metrics.rejected(RejectReason.DUPLICATE_CONTENT, 0);
                store.delete(versionPrefix.resolve(r.key()));
            }
        }
        return unique;
    }

    private S3Location write(
            IngestSpec spec,
            String version,
            S3Location prefix,
            SourceScan scan,
            Labelled labelled,
            Processed processed,
            List<DatasetRecord> records,
            String fingerprint,
            String previousVersion) {
        List<ImageRejection> rejected = new ArrayList<>(processed.rejected());
        scan.duplicateImages()
                .forEach(d -> rejected.add(new ImageRejection(
                        d.id(), d.key(), RejectReason.DUPLICATE_IMAGE_ID, "another image already has id " + d.id())));
        rejected.sort(Comparator.comparing(ImageRejection::key));

        List<DatasetRecord> train =
                records.stream().filter(r -> r.split() == Split.TRAIN).toList();
        ReferenceStatistics reference =
                ReferenceStatisticsBuilder.build(spec.dataset(), version, train, spec.targetAttributes());
        QualityReport report = report(spec, version, scan, labelled, processed, rejected, records);

        String recordsSha = writer.writeRecords(prefix, records);
        List<String> textColumns =
                labelled.table() == null ? List.of() : labelled.table().textColumns();
        writer.writeSplits(prefix, records, spec.targetAttributes(), textColumns);
        writer.writeReports(prefix, report, reference);

        Map<String, List<String>> labelMaps = new LinkedHashMap<>();
        for (String a : spec.targetAttributes()) {
            labelMaps.put(
                    a,
                    records.stream()
                            .map(r -> r.labels().get(a))
                            .distinct()
                            .sorted()
                            .toList());
        }
        long trainCount = train.size();
        long valCount = records.stream().filter(r -> r.split() == Split.VAL).count();
        long testCount = records.size() - trainCount - valCount;
        var counts = new DatasetManifest.Counts(
                scan.objectCount(),
                labelled.table() == null ? 0 : labelled.table().rows(),
                records.size(),
                rejected.size(),
                trainCount,
                valCount,
                testCount,
                labelled.rowsWithoutImage().size(),
                labelled.imagesWithoutRow().size(),
                processed.processed(),
                processed.reused());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("records", DatasetPaths.RECORDS);
        for (Split s : Split.values()) {
            files.put(s.wireName(), DatasetPaths.splitFile(s));
        }
        files.put("qualityReport", DatasetPaths.QUALITY_JSON);
        files.put("qualityReportHtml", DatasetPaths.QUALITY_HTML);
        files.put("referenceStatistics", DatasetPaths.REFERENCE_STATS);
        files.put("images", "images/");
        var manifest = new DatasetManifest(
                DatasetManifest.SCHEMA_VERSION,
                spec.dataset(),
                version,
                Instant.now(),
                spec.source().toString(),
                spec.layout().wireName(),
                spec.targetAttributes(),
                textColumns,
                spec.stratifyBy(),
                spec.splitRatios(),
                spec.seed(),
                new DatasetManifest.Preprocessing(
                        spec.imageSize(),
                        spec.imageSize(),
                        spec.resize().name(),
                        "jpeg",
                        props.jpegQuality(),
                        fingerprint),
                labelMaps,
                counts,
                files,
                recordsSha,
                previousVersion);
        return writer.commit(prefix, manifest);
    }

    private QualityReport report(
            IngestSpec spec,
            String version,
            SourceScan scan,
            Labelled labelled,
            Processed processed,
            List<ImageRejection> rejected,
            List<DatasetRecord> records) {
        Map<String, Long> byReason = new TreeMap<>();
        rejected.forEach(r -> byReason.merge(r.reason().wireName(), 1L, Long::sum));
        Map<String, Long> rowIssues = new TreeMap<>();
        var issues = labelled.table() == null
                ? List.<io.stylesync.ingest.metadata.RowIssue>of()
                : labelled.table().issues();
        issues.forEach(i -> rowIssues.merge(i.reason().name().toLowerCase(), 1L, Long::sum));

        Map<String, Map<String, Long>> belowMinimum = new LinkedHashMap<>();
        for (String a : spec.targetAttributes()) {
            Map<String, Long> counts = new TreeMap<>();
            records.forEach(r -> counts.merge(r.labels().get(a), 1L, Long::sum));
            Map<String, Long> small = new TreeMap<>();
            counts.forEach((k, v) -> {
                if (v < spec.minClassCount()) {
                    small.put(k, v);
                }
            });
            if (!small.isEmpty()) {
                belowMinimum.put(a, small);
            }
        }
        Map<String, Map<String, Map<String, Long>>> distribution = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            Map<String, Map<String, Long>> byAttr = new LinkedHashMap<>();
            for (String a : spec.targetAttributes()) {
                Map<String, Long> counts = new TreeMap<>();
                records.stream()
                        .filter(r -> r.split() == s)
                        .forEach(r -> counts.merge(r.labels().get(a), 1L, Long::sum));
                byAttr.put(a, counts);
            }
            distribution.put(s.wireName(), byAttr);
        }
        long usableRows =
                labelled.table() == null ? 0 : labelled.table().labelsById().size();
        var summary = new QualityReport.Summary(
                scan.objectCount(),
                scan.images().size() + scan.duplicateImages().size(),
                scan.ignored().size(),
                labelled.table() == null ? 0 : labelled.table().rows(),
                usableRows,
                labelled.rowsWithoutImage().size(),
                labelled.imagesWithoutRow().size(),
                labelled.imagesWithUnusableRow().size(),
                processed.processed(),
                processed.reused(),
                records.size(),
                rejected.size());
        return new QualityReport(
                spec.dataset(),
                version,
                Instant.now(),
                spec.source().toString(),
                spec.layout().wireName(),
                summary,
                byReason,
                rowIssues,
                rejected,
                issues.stream().limit(10_000).toList(),
                labelled.imagesWithoutRow().stream().map(SourceImage::key).toList(),
                labelled.rowsWithoutImage().stream()
                        .limit(QualityReport.SAMPLE_LIMIT)
                        .toList(),
                scan.ignored().stream()
                        .limit(QualityReport.SAMPLE_LIMIT)
                        .map(o -> o.key())
                        .toList(),
                spec.minClassCount(),
                belowMinimum,
                distribution);
    }

    private <T> T timed(IngestJob job, JobPhase phase, Supplier<T> step) {
        job.enter(phase);
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            metrics.phase(phase, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void removeQuietly(S3Location versionPrefix) {
        try {
            int n = store.deleteAll(versionPrefix);
            if (n > 0) {
                log.info("Removed {} objects of the failed version {}", n, versionPrefix);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not remove the failed version {} ({}); the next attempt or the orphan sweep will",
                    versionPrefix,
                    e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb =
                new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
            sb.append(" (caused by: ").append(c.getMessage()).append(')');
        }
        return sb.toString();
    }

    /** The job's thread was interrupted: the service is stopping (the queue interrupts running jobs on close). */
    private static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException cause) {
            super("ingest interrupted (service shutting down)", cause);
        }
    }
}
