package io.stylesync.monitoring.drift;

/** The statistical tests, by the names Evidently registers them under (its {@code StatTest.name}). */
public enum DriftTest {
    KS("ks", true),
    WASSERSTEIN("wasserstein", false),
    CHISQUARE("chisquare", true),
    Z("z", true),
    JENSENSHANNON("jensenshannon", false),
    /** No current data yet. */
    NONE("none", false);

    private final String wireName;
    private final boolean pValue;

    DriftTest(String wireName, boolean pValue) {
        this.wireName = wireName;
        this.pValue = pValue;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the score is a p-value (drift when small) rather than a distance (drift when large). */
    public boolean isPValue() {
        return pValue;
    }
}
