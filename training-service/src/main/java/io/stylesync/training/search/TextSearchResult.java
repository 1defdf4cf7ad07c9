package io.stylesync.training.search;

import io.stylesync.common.search.TextEncoder;
import java.util.List;
import java.util.Map;

/**
 * What {@link TextEncoderTrainer} leaves.
 *
 * @param encoder     the best epoch's text encoder (by validation recall)
 * @param temperature the contrastive loss's learned temperature at that epoch
 * @param valRecall   its validation recall@1/5/10
 * @param bestEpoch   1-based
 * @param epochsRun   epochs started
 * @param cancelled   a listener cancelled training; {@code encoder} is the best epoch finished before that
 * @param trainLoss   mean training loss per finished epoch
 */
public record TextSearchResult(
        TextEncoder encoder,
        double temperature,
        Map<String, Double> valRecall,
        int bestEpoch,
        int epochsRun,
        boolean cancelled,
        List<Double> trainLoss) {}
