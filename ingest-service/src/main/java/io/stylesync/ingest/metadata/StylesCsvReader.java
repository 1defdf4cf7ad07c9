package io.stylesync.ingest.metadata;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.search.Captions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a Kaggle {@code styles.csv}: columns are found by header name (the file may have more,
 * in any order, and quoted commas), each row needs a valid id and every target attribute. Rows
 * that fail are kept as {@link RowIssue}s for the report; the first row of a duplicated id wins.
 * Descriptive {@link #TEXT_COLUMNS} the file has are kept too, as text beside the labels; a row
 * needs no value for them. The text must be UTF-8: a file in another encoding fails with the row
 * where decoding broke.
 */
public final class StylesCsvReader {

    /** Columns kept as an image's text (captions for text search) when they are not target attributes. */
    public static final List<String> TEXT_COLUMNS = List.of(Captions.DISPLAY_NAME);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,200}");

    private StylesCsvReader() {}

    /** Reads the header only, to validate a request before a job starts. */
    public static List<String> header(InputStream in) {
        try (CSVParser parser = parser(in)) {
            return parser.getHeaderNames();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw ProblemException.unprocessable(
                    "metadata-unreadable", "styles.csv header cannot be read: " + rootMessage(e));
        }
    }

    public static void requireColumns(List<String> header, List<String> attributes) {
        List<String> missing = new ArrayList<>();
        if (!header.contains("id")) {
            missing.add("id");
        }
        attributes.stream().filter(a -> !header.contains(a)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable(
                            "metadata-columns-missing",
                            "styles.csv has no column " + missing + "; its columns are " + header)
                    .with("field", "targetAttributes");
        }
    }

    public static StylesTable read(InputStream in, List<String> attributes, long maxRows) {
        Map<String, Map<String, String>> labelsById = new LinkedHashMap<>();
        Map<String, Map<String, String>> textById = new LinkedHashMap<>();
        List<RowIssue> issues = new ArrayList<>();
        long rows = 0;
        try (CSVParser parser = parser(in)) {
            List<String> header = parser.getHeaderNames();
            requireColumns(header, attributes);
            List<String> textColumns = TEXT_COLUMNS.stream()
                    .filter(c -> header.contains(c) && !attributes.contains(c))
                    .toList();
            for (CSVRecord record : parser) {
                rows++;
                if (rows > maxRows) {
                    throw ProblemException.unprocessable(
                            "metadata-too-large", "styles.csv has more than " + maxRows + " rows");
                }
                String id = record.isSet("id") ? record.get("id").trim() : "";
                if (!record.isConsistent() && !hasAll(record, attributes)) {
                    issues.add(new RowIssue(
                            rows,
                            id,
                            RowIssue.Reason.MALFORMED_ROW,
                            record.size() + " fields where the header has " + header.size()));
                    continue;
                }
                if (!ID.matcher(id).matches()) {
                    issues.add(new RowIssue(
                            rows,
                            id,
                            RowIssue.Reason.INVALID_ID,
                            "id '" + abbreviate(id) + "' is not a valid sample id"));
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                String missing = null;
                for (String attribute : attributes) {
                    String value =
                            record.isSet(attribute) ? record.get(attribute).trim() : "";
                    if (value.isEmpty() || value.equalsIgnoreCase("NA")) {
                        missing = attribute;
                        break;
                    }
                    labels.put(attribute, value);
                }
                if (missing != null) {
                    issues.add(new RowIssue(rows, id, RowIssue.Reason.MISSING_FIELD, "no value for '" + missing + "'"));
                    continue;
                }
                if (labelsById.putIfAbsent(id, Map.copyOf(labels)) != null) {
                    issues.add(new RowIssue(
                            rows,
                            id,
                            RowIssue.Reason.DUPLICATE_ID,
                            "id " + id + " already appeared in an earlier row"));
                    continue;
                }
                Map<String, String> text = text(record, header, textColumns);
                if (!text.isEmpty()) {
                    textById.put(id, text);
                }
            }
            return new StylesTable(labelsById, rows, issues, header, textColumns, textById);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof CharacterCodingException) {
                throw ProblemException.unprocessable(
                        "metadata-not-utf8", "styles.csv is not valid UTF-8 (after data row " + rows + ")");
            }
            throw ProblemException.unprocessable(
                    "metadata-unreadable",
                    "styles.csv cannot be parsed after data row " + rows + ": " + rootMessage(e));
        }
    }

    private static Map<String, String> text(CSVRecord record, List<String> header, List<String> columns) {
        Map<String, String> text = new LinkedHashMap<>();
        for (String column : columns) {
            String value;
            if (header.indexOf(column) == header.size() - 1 && record.size() > header.size()) {
                // Kaggle's styles.csv leaves commas in its last column, the display name, unquoted
                value = String.join(", ", record.toList().subList(header.size() - 1, record.size()));
            } else {
                value = record.isSet(column) ? record.get(column) : "";
            }
            value = value.strip();
            if (!value.isEmpty() && !value.equalsIgnoreCase("NA")) {
                text.put(column, value);
            }
        }
        return Map.copyOf(text);
    }

    private static boolean hasAll(CSVRecord record, List<String> attributes) {
        return record.isSet("id") && attributes.stream().allMatch(record::isSet);
    }

    private static CSVParser parser(InputStream in) throws IOException {
        Reader reader = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        return CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .get()
                .parse(reader);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
