package io.stylesync.inference.model;

/** Which alias a loaded model serves: the champion answers requests, a challenger takes canary or shadow traffic. */
public enum ModelRole {
    CHAMPION,
    CHALLENGER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
