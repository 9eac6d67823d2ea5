package dev.flotilla.datafiltering.dfn;

/**
 * One downstream subset's model: zero-shot accuracy on the test images, the subset's size (-1:
 * the whole pool), pairs streamed, steps, last batch loss and wall seconds of training, and files
 * of a user's zero-shot folder that did not decode (null: none, or Fashion-MNIST).
 */
public record DownstreamResult(double zeroShotAccuracy, long subsetSize, long pairsSeen, long steps,
    double finalLoss, double trainSeconds, String subset, Long zeroShotUndecodable) {}
