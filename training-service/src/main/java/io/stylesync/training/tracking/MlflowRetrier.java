package io.stylesync.training.tracking;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps retrying whatever could not reach MLflow: buffered run records and model registrations. */
@Component
public class MlflowRetrier {

    private static final Logger log = LoggerFactory.getLogger(MlflowRetrier.class);

    /** Work that returns true once MLflow has everything. */
    public interface Pending {
        boolean retry();
    }

    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

    public void add(Pending work) {
        pending.add(work);
    }

    public int size() {
        return pending.size();
    }

    @Scheduled(fixedDelayString = "${stylesync.training.mlflow-retry-interval:PT5S}")
    public void retryAll() {
        for (Pending p : pending) {
            try {
                if (p.retry()) {
                    pending.remove(p);
                }
            } catch (RuntimeException e) {
                log.warn("Retry against MLflow failed: {}", e.getMessage());
            }
        }
    }
}
