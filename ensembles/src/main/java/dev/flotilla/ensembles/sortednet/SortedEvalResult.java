package dev.flotilla.ensembles.sortednet;

/**
 * What one evaluation unit reports beside its rows: how many sub-networks it evaluated, on how
 * many test images, the best accuracy among them, and the file holding the rows.
 */
public record SortedEvalResult(int subnetworks, int testExamples, double bestAccuracy,
    String result) {}
