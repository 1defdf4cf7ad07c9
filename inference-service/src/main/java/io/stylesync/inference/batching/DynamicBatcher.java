package io.stylesync.inference.batching;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.lifecycle.DrainingWorker;
import io.stylesync.inference.model.ServingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Dynamic batching: concurrent requests' preprocessed images wait in a bounded queue; one worker takes
 * the first and gathers more for at most {@code maxDelay} or until {@code maxBatchSize}, then runs one
 * forward pass for all of them. Images of different model versions (during a swap) never share a pass.
 * A full queue refuses at once ({@link QueueFullException}, 503): latency stays bounded under overload.
 */
@Component
public class DynamicBatcher extends DrainingWorker {

    private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);

    private record Job(ServingModel model, float[] tensor, long enqueuedAt, CompletableFuture<Embedding> result) {}

    private final InferenceProperties.Batching config;
    private final BlockingQueue<Job> queue;
    private final Timer queueTimer;
    private final Timer forwardTimer;
    private final DistributionSummary batchSizes;
    private final io.micrometer.core.instrument.Counter queueFull;
    private Job carried;

    public DynamicBatcher(InferenceProperties props, MeterRegistry registry) {
        super(
                "inference-batcher",
                SmartLifecycle.DEFAULT_PHASE - 1536); // after the web server's drain, before the models close
        this.config = props.batching();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.queueTimer = Timer.builder("stylesync.inference.queue")
                .description("Time an image waits for its forward pass")
                .publishPercentileHistogram()
                .register(registry);
        this.forwardTimer = Timer.builder("stylesync.inference.forward")
                .description("Duration of one batched forward pass")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSizes = DistributionSummary.builder("stylesync.inference.batch.size")
                .description("Images per forward pass")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry);
        registry.gauge("stylesync.inference.queue.depth", queue, BlockingQueue::size);
        this.queueFull = io.micrometer.core.instrument.Counter.builder("stylesync.inference.rejected")
                .tag("reason", "queue_full")
                .description("Requests refused with 503 or 429 before inference")
                .register(registry);
    }

    /**
     * Embeds one preprocessed image with {@code model}, which the caller has acquired.
     *
     * @throws QueueFullException when the queue is full
     */
    public Embedding embed(ServingModel model, float[] tensor) {
        CompletableFuture<Embedding> result = new CompletableFuture<>();
        if (!running() || !queue.offer(new Job(model, tensor, System.nanoTime(), result))) {
            if (!running()) {
                throw new ProblemException(503, "shutting-down", "Shutting down", "the service is shutting down")
                        .with("retryAfterSeconds", 1);
            }
            queueFull.increment();
            throw new QueueFullException(config.queueCapacity());
        }
        try {
            return result.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new ProblemException(
                            503,
                            "inference-timeout",
                            "Inference timed out",
                            "no forward pass within " + config.timeout().toMillis() + " ms")
                    .with("retryAfterSeconds", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inference", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Finishes what is queued (graceful shutdown has already stopped new requests), then returns. */
    @Override
    protected void work() {
        List<Job> batch = new ArrayList<>(config.maxBatchSize());
        while (running() || !queue.isEmpty() || carried != null) {
            try {
                Job first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + config.maxDelay().toNanos();
                while (batch.size() < config.maxBatchSize()) {
                    long left = deadline - System.nanoTime();
                    Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next.model() != first.model()) {
                        carried = next; // a swap happened: this one runs in the next pass, on its own model
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                if (!running()) {
                    break;
                }
            } catch (RuntimeException e) {
                log.error("batch failed", e);
                batch.forEach(j -> j.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Job> batch) {
        batch.removeIf(j -> j.result().isCancelled());
        if (batch.isEmpty()) {
            return;
        }
        ServingModel model = batch.getFirst().model();
        int n = batch.size();
        int len = batch.getFirst().tensor().length;
        float[] input = new float[n * len];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).tensor(), 0, input, i * len, len);
        }
        long start = System.nanoTime();
        float[] output = model.embed(input, n);
        long forward = System.nanoTime() - start;
        forwardTimer.record(forward, TimeUnit.NANOSECONDS);
        batchSizes.record(n);
        int dim = output.length / n;
        for (int i = 0; i < n; i++) {
            Job j = batch.get(i);
            float[] vector = new float[dim];
            System.arraycopy(output, i * dim, vector, 0, dim);
            long waited = start - j.enqueuedAt();
            queueTimer.record(waited, TimeUnit.NANOSECONDS);
            j.result().complete(new Embedding(vector, waited, forward, n));
        }
    }

    @Override
    protected Duration drainTimeout() {
        return Duration.ofSeconds(30);
    }
}
