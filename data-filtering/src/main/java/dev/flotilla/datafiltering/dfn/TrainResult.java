package dev.flotilla.datafiltering.dfn;

/**
 * The filtering network's training: last batch loss, steps, learned temperature, wall seconds, and
 * the checkpoint step it resumed from (-1: none).
 */
public record TrainResult(double finalLoss, long steps, double temperature, double trainSeconds,
    long resumedFromStep) {}
