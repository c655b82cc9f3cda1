package io.mantis.examples.sinewave;

/** One sample of the wave. */
public record Point(long x, double y) {
}
