package io.stylesync.training.run;

import io.stylesync.common.job.JobSnapshot;
import java.time.Instant;
import java.util.Map;

/** What {@code GET /api/v1/training-runs/{id}} returns, and the run's stored record. */
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
        String error)
        implements JobSnapshot<TrainingRunView> {

    @Override
    public boolean active() {
        return state == RunState.QUEUED || state == RunState.RUNNING;
    }

    @Override
    public TrainingRunView interrupted(String reason, Instant at) {
        return new TrainingRunView(
                id,
                datasetVersion,
                modelName,
                RunState.INTERRUPTED,
                phase,
                epoch,
                epochs,
                imagesEmbedded,
                imagesToEmbed,
                trainLoss,
                metrics,
                null,
                mlflowRunId,
                modelVersion,
                registration,
                bufferedMetrics,
                submittedAt,
                startedAt,
                at,
                reason);
    }
}
