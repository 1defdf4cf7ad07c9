package io.stylesync.monitoring.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most recent prediction ids seen, bounded (oldest evicted first): tells a redelivered event from a new one. */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is offered (while it is remembered), false for a repeat. */
    synchronized boolean firstTime(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
