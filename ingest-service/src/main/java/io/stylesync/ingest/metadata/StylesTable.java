package io.stylesync.ingest.metadata;

import java.util.List;
import java.util.Map;

/** The usable rows of a styles.csv: id to target labels, in file order, and the rows that were dropped. */
public record StylesTable(
        Map<String, Map<String, String>> labelsById, long rows, List<RowIssue> issues, List<String> header) {}
