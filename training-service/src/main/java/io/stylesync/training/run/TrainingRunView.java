package io.stylesync.training.run;

import java.time.Instant;
import java.util.Map;

/** What {@code GET /api/v1/training-runs/{id}} returns. */
public record TrainingRunView(
        String id,
        String datasetVersion,
        String modelName,
        RunState state,
        RunPhase phase,
        int epoch,
        int epochs,
        long imagesEmbedded,
        long imagesToEmbed,
        Double trainLoss,
        Map<String, Double> metrics,
        Long etaSeconds,
        String mlflowRunId,
        String modelVersion,
        String registration,
        int bufferedMetrics,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        String error) {}
