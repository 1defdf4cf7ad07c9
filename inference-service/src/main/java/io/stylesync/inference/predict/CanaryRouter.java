package io.stylesync.inference.predict;

import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ModelSlots;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** Picks the model a request is answered by: the challenger for the configured share of requests, when one is loaded. */
@Component
public class CanaryRouter {

    private final int challengerPercent;
    private final ModelSlots slots;

    public CanaryRouter(InferenceProperties props, ModelSlots slots) {
        this.challengerPercent = props.canary().challengerPercent();
        this.slots = slots;
    }

    public ModelRole choose() {
        if (challengerPercent <= 0 || slots.current(ModelRole.CHALLENGER).isEmpty()) {
            return ModelRole.CHAMPION;
        }
        return ThreadLocalRandom.current().nextInt(100) < challengerPercent ? ModelRole.CHALLENGER : ModelRole.CHAMPION;
    }
}
