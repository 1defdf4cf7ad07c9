package io.stylesync.inference.lifecycle;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread that runs {@link #work()} from the context's start; {@link #stop()} lets it finish what it
 * holds. {@link #work()} loops while {@link #running()} or work is left, and stop waits up to
 * {@link #drainTimeout()} for it to return. The phase places the stop among the context's other phases.
 */
public abstract class DrainingWorker implements SmartLifecycle {

    private final String threadName;
    private final int phase;
    private volatile boolean running;
    private volatile Thread thread;

    protected DrainingWorker(String threadName, int phase) {
        this.threadName = threadName;
        this.phase = phase;
    }

    /** The thread's body: returns once {@link #running()} is false and nothing is left to do. */
    protected abstract void work();

    /** How long {@link #stop()} waits for {@link #work()} to finish what it holds. */
    protected abstract Duration drainTimeout();

    /** False where this instance has nothing to do; no thread is started then. */
    protected boolean needsThread() {
        return true;
    }

    protected final boolean running() {
        return running;
    }

    @Override
    public void start() {
        running = true;
        if (needsThread()) {
            Thread t = new Thread(this::work, threadName);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(drainTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
