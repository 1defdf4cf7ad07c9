package io.stylesync.inference.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The loaded model per role. A swap is one atomic reference update: requests that acquired the old
 * model finish on it, new requests get the new one, and the old one closes when drained.
 */
@Component
public class ModelSlots {

    private final Map<ModelRole, AtomicReference<ServingModel>> slots = new EnumMap<>(ModelRole.class);

    public ModelSlots() {
        for (ModelRole role : ModelRole.values()) {
            slots.put(role, new AtomicReference<>());
        }
    }

    /** The current model of {@code role}, acquired; the caller must {@link ServingModel#release() release} it. */
    public ServingModel acquire(ModelRole role) {
        AtomicReference<ServingModel> slot = slots.get(role);
        while (true) {
            ServingModel m = slot.get();
            if (m == null) {
                throw new ModelNotReadyException("no " + role.wireName() + " model is loaded yet");
            }
            if (m.acquire()) {
                return m;
            }
            Thread.onSpinWait(); // swapped under us: the slot already holds the successor
        }
    }

    public Optional<ServingModel> current(ModelRole role) {
        return Optional.ofNullable(slots.get(role).get());
    }

    /** Installs {@code next} and retires what it replaces. */
    public void swap(ModelRole role, ServingModel next) {
        ServingModel previous = slots.get(role).getAndSet(next);
        if (previous != null && previous != next) {
            previous.retire();
        }
    }

    public void clear(ModelRole role) {
        ServingModel previous = slots.get(role).getAndSet(null);
        if (previous != null) {
            previous.retire();
        }
    }
}
