package io.stylesync.training.run;

import io.stylesync.common.error.ProblemException;
import io.stylesync.training.config.TrainingProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/** Queues training runs and runs them one at a time (a run uses every core); history in memory, runs in MLflow. */
@Service
public class TrainingRuns implements DisposableBean {

    private final TrainingPipeline pipeline;
    private final ThreadPoolExecutor executor;
    private final Map<String, TrainingRun> runs = Collections.synchronizedMap(new LinkedHashMap<>());

    public TrainingRuns(TrainingPipeline pipeline, TrainingProperties props) {
        this.pipeline = pipeline;
        this.executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.maxQueuedRuns()),
                Thread.ofPlatform().name("training-run-", 0).factory());
    }

    public TrainingRun submit(TrainingSpec spec) {
        TrainingRun run = new TrainingRun(spec);
        runs.put(run.id(), run);
        try {
            executor.execute(() -> {
                if (run.cancelRequested()) {
                    run.end(RunState.CANCELLED, "cancelled before it started");
                } else {
                    pipeline.run(run);
                }
            });
        } catch (RejectedExecutionException e) {
            runs.remove(run.id());
            throw new ProblemException(
                            503, "queue-full", "Too many training runs", "the training queue is full; retry later")
                    .with("retryAfterSeconds", 60);
        }
        return run;
    }

    public Optional<TrainingRun> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public TrainingRun cancel(String id) {
        TrainingRun run = get(id).orElseThrow(() -> ProblemException.notFound("no training run " + id));
        if (run.state() != RunState.QUEUED && run.state() != RunState.RUNNING) {
            throw ProblemException.conflict("training run " + id + " already ended (" + run.state() + ")");
        }
        run.requestCancel();
        return run;
    }

    public List<TrainingRun> list() {
        synchronized (runs) {
            List<TrainingRun> all = new ArrayList<>(runs.values());
            Collections.reverse(all);
            return all;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        runs.values().forEach(TrainingRun::requestCancel);
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
