package io.stylesync.ingest.job;

import io.stylesync.ingest.catalog.DatasetCatalog;
import io.stylesync.ingest.config.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** At start, removes version folders that crashed jobs left without a manifest. */
@Component
class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final DatasetCatalog catalog;
    private final IngestProperties props;

    OrphanSweep(DatasetCatalog catalog, IngestProperties props) {
        this.catalog = catalog;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sweep() {
        Thread.ofVirtual().name("orphan-sweep").start(() -> {
            try {
                int n = catalog.sweepOrphans(props.orphanGrace());
                if (n > 0) {
                    log.info("Removed {} uncommitted dataset versions left by earlier runs", n);
                }
            } catch (RuntimeException e) {
                log.warn("Orphan sweep skipped: {}", e.getMessage());
            }
        });
    }
}
