package io.stylesync.training.loop;

/**
 * Keep-best and patience as one policy. An epoch's score is its mean validation accuracy over heads; the best
 * score wins, the earlier epoch on ties. Training stops after {@code patience} epochs without a better one
 * ({@code 0}: never early). Without validation targets the score is the epoch number, so the last epoch wins and
 * patience never stops training.
 *
 * @param <T> what is kept of the best epoch
 */
public final class KeepBest<T> {

    /** Called with each new best, before any listener hears of its epoch (e.g. to save it). */
    @FunctionalInterface
    public interface OnImproved<T> {
        void improved(int epoch, T snapshot);
    }

    private final int patience;
    private final OnImproved<T> onImproved;
    private T best;
    private int bestEpoch;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private boolean validated;

    public KeepBest(int patience, OnImproved<T> onImproved) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0: " + patience);
        }
        this.patience = patience;
        this.onImproved = onImproved;
    }

    public static <T> KeepBest<T> withPatience(int patience) {
        return new KeepBest<>(patience, (epoch, snapshot) -> {});
    }

    /** Offers an epoch's result; true when it is the new best. */
    boolean offer(int epoch, Validation.Scored<T> scored) {
        validated = !scored.accuracy().isEmpty();
        double score = validated
                ? scored.accuracy().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow()
                : epoch;
        if (score <= bestScore) {
            return false;
        }
        onImproved.improved(epoch, scored.snapshot());
        bestScore = score;
        bestEpoch = epoch;
        best = scored.snapshot();
        return true;
    }

    /** True when the last offered epoch had validation scores and {@code patience} epochs brought nothing better. */
    boolean exhausted(int epoch) {
        return validated && patience > 0 && epoch - bestEpoch >= patience;
    }

    boolean hasBest() {
        return best != null;
    }

    T best() {
        return best;
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
