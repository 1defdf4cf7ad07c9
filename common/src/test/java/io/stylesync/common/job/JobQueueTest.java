package io.stylesync.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.testing.EmbeddedS3Extension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** Job records in a real S3 endpoint (S3Proxy over HTTP), seen by two queues as two replicas or a restart would. */
class JobQueueTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JobProperties FAST =
            new JobProperties(Duration.ofMillis(200), Duration.ofSeconds(3), 500, Duration.ofDays(30));

    static ObjectStore objects;

    enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        INTERRUPTED
    }

    record View(String id, State state, Instant submittedAt, Instant finishedAt, String error)
            implements JobSnapshot<View> {
        @Override
        public boolean active() {
            return state == State.QUEUED || state == State.RUNNING;
        }

        @Override
        public View interrupted(String reason, Instant at) {
            return new View(id, State.INTERRUPTED, submittedAt, at, reason);
        }
    }

    static final class Job implements QueuedJob<View> {
        final String id;
        final Instant submittedAt = Instant.now();
        volatile State state = State.QUEUED;
        volatile String error;

        Job(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public View view() {
            return new View(id, state, submittedAt, null, error);
        }
    }

    @BeforeAll
    static void bucket() {
        objects = s3.store();
        objects.ensureBucket("jobs-test");
    }

    static JobStore<View> store(String service) {
        return new JobStore<>(objects, "jobs-test", service, View.class, JSON);
    }

    static JobQueue<Job, View> queue(String service, List<View> interrupted) {
        return new JobQueue<>("test", 10, store(service), FAST, interrupted::add, (j, cause) -> {
            j.error = cause;
            j.state = State.FAILED;
        });
    }

    static void succeed(Job j) {
        j.state = State.RUNNING;
        j.state = State.SUCCEEDED;
    }

    @Test
    void historyOutlivesTheQueueThatRanIt() throws Exception {
        var first = queue("history", new CopyOnWriteArrayList<>());
        Job job = new Job(UUID.randomUUID().toString());
        first.submit(job, JobQueueTest::succeed);
        first.close();

        var restarted = queue("history", new CopyOnWriteArrayList<>());
        assertThat(restarted.get(job.id)).map(View::state).contains(State.SUCCEEDED);
        assertThat(restarted.list()).extracting(View::id).containsExactly(job.id);
        restarted.close();
    }

    @Test
    void aRecordLeftRunningByAKilledProcessIsInterruptedOnceItsLeaseRunsOut() throws Exception {
        // what kill -9 leaves behind: a RUNNING record nobody rewrites
        View orphan = new View(UUID.randomUUID().toString(), State.RUNNING, Instant.now(), null, null);
        store("orphans").save(orphan);
        List<View> interrupted = new CopyOnWriteArrayList<>();
        var restarted = queue("orphans", interrupted);

        assertThat(restarted.get(orphan.id())).map(View::state).contains(State.RUNNING); // lease not yet run out
        View ended = await(() -> restarted
                .get(orphan.id())
                .filter(v -> v.state() == State.INTERRUPTED)
                .orElse(null));
        assertThat(ended.error()).contains("the instance running it stopped");
        assertThat(ended.finishedAt()).isNotNull();
        // the callback runs just after the record is written, so the record can be seen first
        await(() -> interrupted.stream().anyMatch(v -> v.id().equals(orphan.id())) ? true : null);
        restarted.close();
    }

    @Test
    void finishedRecordsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() throws Exception {
        JobStore<View> records = store("retention");
        View old = new View(UUID.randomUUID().toString(), State.SUCCEEDED, Instant.now(), Instant.now(), null);
        records.save(old);
        assertThat(records.claim(old.id(), "someone")).isTrue();
        var props = new JobProperties(Duration.ofMillis(200), Duration.ofSeconds(3), 500, Duration.ofSeconds(5));
        var q = new JobQueue<Job, View>("test", 10, records, props, v -> {}, (j, cause) -> {});

        await(() -> records.load(old.id()).isEmpty() ? true : null);
        assertThat(records.claim(old.id(), "again"))
                .as("its claim went with it")
                .isTrue();
        Job recent = new Job(UUID.randomUUID().toString());
        q.submit(recent, JobQueueTest::succeed);
        await(() -> records.load(recent.id)
                .filter(v -> v.state() == State.SUCCEEDED)
                .orElse(null));
        Thread.sleep(1000); // five heartbeats, each a sweep
        assertThat(q.list()).extracting(View::id).containsExactly(recent.id);
        q.close();
    }

    @Test
    void aJobRunningLongerThanTheLeaseIsNotInterruptedByAnotherReplica() throws Exception {
        var a = queue("lease", new CopyOnWriteArrayList<>());
        var b = queue("lease", new CopyOnWriteArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        Job job = new Job(UUID.randomUUID().toString());
        a.submit(job, j -> {
            j.state = State.RUNNING;
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            j.state = State.SUCCEEDED;
        });
        Thread.sleep(FAST.lease().multipliedBy(2).toMillis());
        assertThat(b.get(job.id)).map(View::state).contains(State.RUNNING);
        release.countDown();
        await(() -> b.get(job.id).filter(v -> v.state() == State.SUCCEEDED).orElse(null));
        a.close();
        b.close();
    }

    @Test
    void twoReplicasGivenTheSameJobRunItOnce() throws Exception {
        var a = queue("claims", new CopyOnWriteArrayList<>());
        var b = queue("claims", new CopyOnWriteArrayList<>());
        AtomicInteger runs = new AtomicInteger();
        String id = UUID.randomUUID().toString();
        for (var q : List.of(a, b)) {
            Job copy = new Job(id);
            q.submit(copy, j -> {
                runs.incrementAndGet();
                succeed(j);
            });
        }
        a.close();
        b.close();
        assertThat(runs).hasValue(1);
        assertThat(store("claims").load(id)).map(View::state).contains(State.SUCCEEDED);
    }

    @Test
    void concurrentClaimsHaveOneWinner() throws Exception {
        JobStore<View> store = store("race");
        for (int round = 0; round < 5; round++) {
            String id = UUID.randomUUID().toString();
            try (var pool = Executors.newFixedThreadPool(8)) {
                var wins = IntStream.range(0, 8)
                        .mapToObj(i -> pool.submit(() -> store.claim(id, "owner-" + i)))
                        .toList();
                long winners = 0;
                for (var w : wins) {
                    winners += w.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        }
    }

    @Test
    void aQueueStoppedMidJobRecordsItInterrupted() throws Exception {
        List<View> interrupted = new CopyOnWriteArrayList<>();
        var q = queue("shutdown", interrupted);
        CountDownLatch running = new CountDownLatch(1);
        Job job = new Job(UUID.randomUUID().toString());
        q.submit(job, j -> {
            j.state = State.RUNNING;
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // a job that ignores interruption is the case under test: leave it RUNNING
            }
        });
        running.await();
        q.close(Duration.ofMillis(500), false);
        assertThat(store("shutdown").load(job.id)).map(View::state).contains(State.INTERRUPTED);
        assertThat(interrupted).extracting(View::id).containsExactly(job.id);
    }

    static <T> T await(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            T t = probe.get();
            if (t != null) {
                return t;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within 20 s");
    }
}
