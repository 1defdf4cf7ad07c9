package io.stylesync.common.dataset;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/** Fractions of each stratum that go to train, val and test; they must add up to 1. */
public record SplitRatios(
        @DecimalMin("0.0") @DecimalMax("1.0") double train,
        @DecimalMin("0.0") @DecimalMax("1.0") double val,
        @DecimalMin("0.0") @DecimalMax("1.0") double test) {

    public static SplitRatios defaults() {
        return new SplitRatios(0.8, 0.1, 0.1);
    }

    @AssertTrue(message = "train + val + test must equal 1")
    public boolean isSumOne() {
        return Math.abs(train + val + test - 1.0) < 1e-6;
    }

    @AssertTrue(message = "train must be greater than 0")
    public boolean isTrainPositive() {
        return train > 0;
    }
}
