package io.grapevine.api.layer;

/**
 * A probabilistic output: a value and how far from the truth it may be.
 *
 * @param value the estimate
 * @param error the estimated absolute error (the same unit as {@code value})
 */
public record Estimate(double value, double error) {
}
