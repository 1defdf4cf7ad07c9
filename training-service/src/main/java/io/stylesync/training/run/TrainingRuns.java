package io.stylesync.training.run;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.job.JobProperties;
import io.stylesync.common.job.JobQueue;
import io.stylesync.common.job.JobStore;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.training.config.TrainingProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues training runs and runs them one at a time (a run uses every core). Run records live in S3
 * ({@code jobs/training/<id>.json}), so the history outlives a restart; a run whose instance stopped is shown
 * INTERRUPTED and its MLflow run is set KILLED. A model version is registered only at a run's very end, so an
 * interrupted run never leaves one half-registered.
 */
@Service
public class TrainingRuns implements DisposableBean {

    private final TrainingPipeline pipeline;
    private final JobQueue<TrainingRun, TrainingRunView> queue;

    public TrainingRuns(
            TrainingPipeline pipeline,
            TrainingProperties props,
            ObjectStore store,
            StorageProperties storage,
            JobProperties jobs,
            JsonMapper json,
            MlflowClient mlflow) {
        this.pipeline = pipeline;
        this.queue = new JobQueue<>(
                "training-run",
                props.maxQueuedRuns(),
                new JobStore<>(store, storage.bucket(), "training", TrainingRunView.class, json),
                jobs,
                interrupted -> {
                    if (interrupted.mlflowRunId() != null) {
                        mlflow.finishRun(interrupted.mlflowRunId(), "KILLED");
                    }
                },
                (run, cause) -> run.end(RunState.FAILED, cause));
    }

    public TrainingRun submit(TrainingSpec spec) {
        TrainingRun run = new TrainingRun(spec);
        try {
            queue.submit(run, r -> {
                if (r.cancelRequested()) {
                    r.end(RunState.CANCELLED, "cancelled before it started");
                } else {
                    pipeline.run(r);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ProblemException(
                            503, "queue-full", "Too many training runs", "the training queue is full; retry later")
                    .with("retryAfterSeconds", 60);
        }
        return run;
    }

    /** A run of any instance, or of an earlier start of this one. */
    public Optional<TrainingRunView> get(String id) {
        return queue.get(id);
    }

    public TrainingRunView cancel(String id) {
        TrainingRun run = queue.live(id).orElse(null);
        if (run == null) {
            TrainingRunView recorded =
                    queue.get(id).orElseThrow(() -> ProblemException.notFound("no training run " + id));
            if (recorded.active()) {
                throw ProblemException.conflict(
                        "training run " + id + " runs on another instance; cancel it there (or wait for it)");
            }
            throw ProblemException.conflict("training run " + id + " already ended (" + recorded.state() + ")");
        }
        if (run.state() != RunState.QUEUED && run.state() != RunState.RUNNING) {
            throw ProblemException.conflict("training run " + id + " already ended (" + run.state() + ")");
        }
        run.requestCancel();
        return run.view();
    }

    /** Every recorded run, this instance's and others', newest first. */
    public List<TrainingRunView> list() {
        return queue.list();
    }

    @Override
    public void destroy() throws InterruptedException {
        queue.liveJobs().forEach(TrainingRun::requestStop);
        queue.close(Duration.ofSeconds(30), false);
    }
}
