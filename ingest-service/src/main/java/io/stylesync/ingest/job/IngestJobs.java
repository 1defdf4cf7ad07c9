package io.stylesync.ingest.job;

import io.stylesync.common.error.ProblemException;
import io.stylesync.ingest.config.IngestProperties;
import io.stylesync.ingest.source.SourceScanner;
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

/**
 * Accepts ingest jobs and runs them one at a time (each job is parallel inside), with a bounded
 * queue behind. Job state lives in memory: a restart forgets job history, never datasets.
 */
@Service
public class IngestJobs implements DisposableBean {

    private static final int HISTORY = 500;

    private final IngestPipeline pipeline;
    private final SourceScanner scanner;
    private final ThreadPoolExecutor executor;
    private final Map<String, IngestJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IngestJob> eldest) {
            return size() > HISTORY
                    && eldest.getValue().state() != JobState.RUNNING
                    && eldest.getValue().state() != JobState.QUEUED;
        }
    });

    public IngestJobs(IngestPipeline pipeline, SourceScanner scanner, IngestProperties props) {
        this.pipeline = pipeline;
        this.scanner = scanner;
        this.executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.maxQueuedJobs()),
                Thread.ofPlatform().name("ingest-job-", 0).factory());
    }

    /** Checks the source synchronously (4xx for a missing bucket or prefix), then queues the job. */
    public IngestJob submit(IngestSpec spec) {
        scanner.checkReachable(spec.source(), spec.layout(), spec.targetAttributes());
        IngestJob job = new IngestJob(spec);
        jobs.put(job.id(), job);
        try {
            executor.execute(() -> pipeline.run(job));
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id());
            throw new ProblemException(
                            503, "queue-full", "Too many ingest jobs", "the ingest queue is full; retry later")
                    .with("retryAfterSeconds", 30);
        }
        return job;
    }

    public Optional<IngestJob> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public List<IngestJob> list() {
        synchronized (jobs) {
            List<IngestJob> all = new ArrayList<>(jobs.values());
            Collections.reverse(all);
            return all;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
