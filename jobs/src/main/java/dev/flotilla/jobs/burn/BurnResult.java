package dev.flotilla.jobs.burn;

/**
 * What a burn unit measured: CPU seconds of its thread (the requested amount, give or take one
 * round), wall seconds (longer when it had to share its core), rounds of the loop and the loop's
 * value (so the work cannot be optimised away).
 */
public record BurnResult(double cpuSeconds, double wallSeconds, long rounds, double checksum) {}
