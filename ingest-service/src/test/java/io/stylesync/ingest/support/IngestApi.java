package io.stylesync.ingest.support;

import io.stylesync.common.testing.HttpApi;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** {@link HttpApi} plus waiting for ingest jobs. */
public final class IngestApi extends HttpApi {

    public IngestApi(int port) {
        super(port);
    }

    /** Polls a job until it leaves QUEUED/RUNNING. */
    public JsonNode awaitJob(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = get("/api/v1/ingest-jobs/" + jobId).json();
            String state = job.get("state").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish within " + timeout);
    }
}
