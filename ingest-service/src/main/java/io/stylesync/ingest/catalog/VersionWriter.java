package io.stylesync.ingest.catalog;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.ingest.report.QualityReport;
import io.stylesync.ingest.report.QualityReportHtml;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the files of a version beside its images. {@link #commit} writes the manifest, which is
 * the commit point: until it exists, readers do not see the version.
 */
@Component
public class VersionWriter {

    private final ObjectStore store;
    private final JsonMapper json;

    public VersionWriter(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Streams records.jsonl through a temporary file (bounded memory) and returns its SHA-256. */
    public String writeRecords(S3Location versionPrefix, List<DatasetRecord> records) {
        try {
            Path tmp = Files.createTempFile("records", ".jsonl");
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha);
                        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                    for (DatasetRecord r : records) {
                        w.write(json.writeValueAsString(r));
                        w.write('\n');
                    }
                }
                store.upload(versionPrefix.resolve(DatasetPaths.RECORDS), tmp, "application/x-ndjson");
                return HexFormat.of().formatHex(sha.digest());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write records", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code splits/<split>.csv}: id, image key, one column per target attribute, then one per text column. */
    public void writeSplits(
            S3Location versionPrefix, List<DatasetRecord> records, List<String> attributes, List<String> textColumns) {
        for (Split split : Split.values()) {
            StringBuilder csv = new StringBuilder();
            try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.DEFAULT)) {
                printer.print("id");
                printer.print("key");
                for (String a : attributes) {
                    printer.print(a);
                }
                for (String c : textColumns) {
                    printer.print(c);
                }
                printer.println();
                for (DatasetRecord r : records) {
                    if (r.split() == split) {
                        printer.print(r.id());
                        printer.print(r.key());
                        for (String a : attributes) {
                            printer.print(r.labels().get(a));
                        }
                        for (String c : textColumns) {
                            printer.print(r.text().get(c));
                        }
                        printer.println();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store.put(
                    versionPrefix.resolve(DatasetPaths.splitFile(split)),
                    csv.toString().getBytes(StandardCharsets.UTF_8),
                    "text/csv");
        }
    }

    public void writeReports(S3Location versionPrefix, QualityReport report, ReferenceStatistics reference) {
        store.put(versionPrefix.resolve(DatasetPaths.QUALITY_JSON), json.writeValueAsBytes(report), "application/json");
        store.put(
                versionPrefix.resolve(DatasetPaths.QUALITY_HTML),
                QualityReportHtml.render(report).getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8");
        store.put(
                versionPrefix.resolve(DatasetPaths.REFERENCE_STATS),
                json.writeValueAsBytes(reference),
                "application/json");
    }

    /** Writes the manifest: after this call the version exists. */
    public S3Location commit(S3Location versionPrefix, DatasetManifest manifest) {
        S3Location location = versionPrefix.resolve(DatasetPaths.MANIFEST);
        store.put(location, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest), "application/json");
        return location;
    }
}
