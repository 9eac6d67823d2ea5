package dev.flotilla.ensembles.sortednet;

/**
 * What one evaluation unit reports beside its rows: how many sub-networks it evaluated, on how
 * many test images, the best test accuracy among them, the file holding the rows, and the
 * validation examples and best validation accuracy (0 and null without a validation split).
 */
public record SortedEvalResult(int subnetworks, int testExamples, double bestAccuracy,
    String result, int validExamples, Double bestValidAccuracy) {}
