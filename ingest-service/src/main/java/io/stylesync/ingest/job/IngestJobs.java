package io.stylesync.ingest.job;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.job.JobProperties;
import io.stylesync.common.job.JobQueue;
import io.stylesync.common.job.JobStore;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.ingest.config.IngestProperties;
import io.stylesync.ingest.source.SourceScanner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts ingest jobs and runs them one at a time (each job is parallel inside), with a bounded queue behind. Job
 * records live in S3 ({@code jobs/ingest/<id>.json}), so the history outlives a restart and a job whose instance
 * stopped is shown INTERRUPTED; its partial version has no manifest, so it is never visible as committed.
 */
@Service
public class IngestJobs implements DisposableBean {

    private final IngestPipeline pipeline;
    private final SourceScanner scanner;
    private final JobQueue<IngestJob, IngestJobView> queue;

    public IngestJobs(
            IngestPipeline pipeline,
            SourceScanner scanner,
            IngestProperties props,
            ObjectStore store,
            StorageProperties storage,
            JobProperties jobs,
            JsonMapper json) {
        this.pipeline = pipeline;
        this.scanner = scanner;
        this.queue = new JobQueue<>(
                "ingest-job",
                props.maxQueuedJobs(),
                new JobStore<>(store, storage.bucket(), "ingest", IngestJobView.class, json),
                jobs,
                interrupted -> {},
                IngestJob::fail);
    }

    /** Checks the source synchronously (4xx for a missing bucket or prefix), then queues the job. */
    public IngestJob submit(IngestSpec spec) {
        scanner.checkReachable(spec.source(), spec.layout(), spec.targetAttributes());
        IngestJob job = new IngestJob(spec);
        try {
            queue.submit(job, pipeline::run);
        } catch (RejectedExecutionException e) {
            throw new ProblemException(
                            503, "queue-full", "Too many ingest jobs", "the ingest queue is full; retry later")
                    .with("retryAfterSeconds", 30);
        }
        return job;
    }

    public Optional<IngestJobView> get(String id) {
        return queue.get(id);
    }

    /** Every recorded job, this instance's and others', newest first. */
    public List<IngestJobView> list() {
        return queue.list();
    }

    @Override
    public void destroy() throws InterruptedException {
        queue.close(Duration.ofSeconds(30), true);
    }
}
