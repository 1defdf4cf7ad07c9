package io.stylesync.common.job;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.storage.StorageUnavailableException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs one at a time behind a bounded queue and keeps their records in a {@link JobStore}, so history outlives
 * the process. Every queued or running job's record is rewritten each heartbeat; a queued or running record that
 * nobody has rewritten for a lease belongs to a process that is gone, and is marked INTERRUPTED (checked at start
 * and every heartbeat, by every instance). A worker claims a job in S3 before running it, so two instances never
 * run the same job.
 */
public final class JobQueue<J extends QueuedJob<V>, V extends JobSnapshot<V>> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    private final String name;
    private final JobStore<V> store;
    private final JobProperties props;
    private final Consumer<V> onInterrupted;
    private final BiConsumer<J, String> failToStart;
    private final String owner;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService heartbeat;
    private final Object writes = new Object();
    private final Set<String> unsettled = ConcurrentHashMap.newKeySet();
    private final Map<String, J> live;
    private volatile String lastBeatFailure;

    /**
     * @param onInterrupted what else to end when a dead process's record is interrupted (an MLflow run)
     * @param failToStart   how to fail a job whose claim could not be written (object storage unreachable)
     */
    public JobQueue(
            String name,
            int maxQueued,
            JobStore<V> store,
            JobProperties props,
            Consumer<V> onInterrupted,
            BiConsumer<J, String> failToStart) {
        this.name = name;
        this.store = store;
        this.props = props;
        this.onInterrupted = onInterrupted;
        this.failToStart = failToStart;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.live = Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, J> eldest) {
                return size() > props.history() && !unsettled.contains(eldest.getKey());
            }
        });
        this.executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(maxQueued),
                Thread.ofPlatform().name(name + "-", 0).factory());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name + "-heartbeat").daemon().factory());
        long period = props.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Records the job and queues {@code work} for it; a job whose id another instance already recorded is left to it.
     *
     * @throws RejectedExecutionException when the queue is full (the job is forgotten)
     * @throws ProblemException 503 when its record cannot be written (the job is not queued)
     */
    public void submit(J job, Consumer<J> work) {
        boolean created;
        try {
            synchronized (writes) {
                created = store.create(job.view()); // never over an existing record: the id may be another's job
            }
        } catch (StorageUnavailableException e) {
            throw new ProblemException(
                            503,
                            "storage-unavailable",
                            "Object storage unavailable",
                            "the job could not be recorded, so it was not queued; retry later")
                    .with("retryAfterSeconds", 30);
        }
        if (!created) {
            // another instance recorded this id first and runs it; writing our copy's heartbeat would overwrite its
            // record with a stale state
            log.info("{} {} is already recorded by another instance; not queued here", name, job.id());
            return;
        }
        live.put(job.id(), job);
        unsettled.add(job.id());
        try {
            executor.execute(() -> run(job, work));
        } catch (RejectedExecutionException e) {
            live.remove(job.id());
            unsettled.remove(job.id());
            throw e;
        }
    }

    private void run(J job, Consumer<J> work) {
        boolean mine;
        try {
            mine = store.claim(job.id(), owner);
        } catch (RuntimeException e) {
            failToStart.accept(job, "could not claim the job in object storage: " + e.getMessage());
            save(job);
            return;
        }
        if (!mine) {
            log.info("{} {} is claimed by another instance; not running it here", name, job.id());
            live.remove(job.id());
            unsettled.remove(job.id());
            return;
        }
        try {
            work.accept(job);
        } finally {
            save(job);
        }
    }

    /** The job this process runs, if it does. */
    public Optional<J> live(String id) {
        return Optional.ofNullable(live.get(id));
    }

    public List<J> liveJobs() {
        synchronized (live) {
            return List.copyOf(live.values());
        }
    }

    /** A job of this process, or one another process (or an earlier run of this one) recorded. */
    public Optional<V> get(String id) {
        J job = live.get(id);
        if (job != null) {
            return Optional.of(job.view());
        }
        try {
            return store.load(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every recorded job, newest first, at most {@code history}. */
    public List<V> list() {
        Map<String, V> all = new LinkedHashMap<>();
        store.all().forEach(s -> all.put(s.record().id(), s.record()));
        liveJobs().forEach(j -> all.put(j.id(), j.view()));
        List<V> sorted = new ArrayList<>(all.values());
        sorted.sort(Comparator.comparing(JobSnapshot<V>::submittedAt).reversed());
        return sorted.size() > props.history() ? sorted.subList(0, props.history()) : sorted;
    }

    private void beat() {
        try {
            for (String id : List.copyOf(unsettled)) {
                J job = live.get(id);
                if (job != null) {
                    save(job);
                }
            }
            sweep();
            lastBeatFailure = null;
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastBeatFailure)) { // once per outage, not every beat
                log.warn("{} job records not refreshed: {}", name, e.getMessage());
            }
            lastBeatFailure = String.valueOf(e.getMessage());
        }
    }

    /**
     * Marks INTERRUPTED the queued or running records whose process stopped rewriting them, and deletes finished
     * records older than the retention.
     */
    void sweep() {
        Instant stale = Instant.now().minus(props.lease());
        Instant expired = Instant.now().minus(props.retention());
        for (JobStore.Stored<V> s : store.all()) {
            V record = s.record();
            if (!record.active() && s.writtenAt().isBefore(expired) && !unsettled.contains(record.id())) {
                store.delete(record.id());
                live.remove(record.id());
                log.info(
                        "{} {} finished before the retention of {}; its record is deleted",
                        name,
                        record.id(),
                        props.retention());
            } else if (record.active() && s.writtenAt().isBefore(stale) && !live.containsKey(record.id())) {
                V ended = record.interrupted(
                        "interrupted: the instance running it stopped (no heartbeat for "
                                + props.lease().toSeconds() + " s); submit it again",
                        Instant.now());
                synchronized (writes) {
                    store.save(ended);
                }
                log.warn(
                        "{} {} was left {} by a stopped instance; marked INTERRUPTED",
                        name,
                        record.id(),
                        record.state());
                endExternally(ended);
            }
        }
    }

    private void endExternally(V ended) {
        try {
            onInterrupted.accept(ended);
        } catch (RuntimeException e) {
            log.warn("{} {}: ending its external records failed: {}", name, ended.id(), e.getMessage());
        }
    }

    /** Writes the job's current view; views are taken and written in one order, so a stale view never wins. */
    private void save(J job) {
        synchronized (writes) {
            V view = job.view();
            try {
                store.save(view);
                if (!view.active()) {
                    unsettled.remove(job.id());
                }
            } catch (RuntimeException e) {
                log.warn("{} {}: record not saved (retried next heartbeat): {}", name, job.id(), e.getMessage());
            }
        }
    }

    /**
     * Stops taking work and waits up to {@code grace} for the running job; a job still queued or running then is
     * recorded as INTERRUPTED, since this process is going away.
     */
    public void close(Duration grace, boolean interruptRunning) throws InterruptedException {
        if (interruptRunning) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        heartbeat.shutdown();
        heartbeat.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        for (String id : List.copyOf(unsettled)) {
            J job = live.get(id);
            if (job == null) {
                continue;
            }
            synchronized (writes) {
                V view = job.view();
                if (view.active()) {
                    view = view.interrupted("interrupted: the service stopped before the job finished", Instant.now());
                    endExternally(view);
                }
                try {
                    store.save(view);
                    unsettled.remove(id);
                } catch (RuntimeException e) {
                    log.warn("{} {}: final record not saved: {}", name, id, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(30), false);
    }
}
