package io.stylesync.ingest.metadata;

import java.util.List;
import java.util.Map;

/**
 * The usable rows of a styles.csv: id to target labels, in file order, and the rows that were dropped.
 *
 * @param textColumns the descriptive columns read besides the targets ({@link StylesCsvReader#TEXT_COLUMNS} the file has)
 * @param textById    id to its non-blank text columns, for the usable rows that have any
 */
public record StylesTable(
        Map<String, Map<String, String>> labelsById,
        long rows,
        List<RowIssue> issues,
        List<String> header,
        List<String> textColumns,
        Map<String, Map<String, String>> textById) {}
