package io.stylesync.ingest.metadata;

/** A metadata row that was not used, and why. {@code row} counts data rows from 1. */
public record RowIssue(long row, String id, Reason reason, String detail) {

    public enum Reason {
        MISSING_FIELD,
        DUPLICATE_ID,
        MALFORMED_ROW,
        INVALID_ID
    }
}
