package io.stylesync.training.promotion;

/** What a promotion decided, and why. */
public record PromotionResult(
        String model,
        String candidateVersion,
        String previousChampion,
        String metric,
        Double candidateValue,
        Double championValue,
        boolean promoted,
        String reason) {}
