package io.stylesync.ingest.job;

/** The steps of an ingest job with the share of overall progress each one ends at. */
public enum JobPhase {
    QUEUED(0),
    LISTING(5),
    READING_METADATA(10),
    PROCESSING(90),
    SPLITTING(92),
    WRITING(100),
    DONE(100);

    private final int endPercent;

    JobPhase(int endPercent) {
        this.endPercent = endPercent;
    }

    public int endPercent() {
        return endPercent;
    }

    public int startPercent() {
        return ordinal() == 0 ? 0 : values()[ordinal() - 1].endPercent;
    }
}
