package io.stylesync.training.evaluation;

/**
 * One class of one head. A ratio whose denominator is zero (no predictions of the class, no examples of it)
 * is 0, as scikit-learn's {@code zero_division=0}.
 *
 * @param support number of evaluated examples whose true class this is
 */
public record ClassMetrics(double precision, double recall, double f1, long support) {}
