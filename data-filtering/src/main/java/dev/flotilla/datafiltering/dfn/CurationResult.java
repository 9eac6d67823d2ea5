package dev.flotilla.datafiltering.dfn;

/**
 * The curation's numbers in the unit record: the score threshold, pairs kept and scored, uids kept
 * once although several shards had them, and, only when the pool's ground truth is known (else
 * null), precision and recall of the kept set and the clean fraction of the pool.
 */
public record CurationResult(double threshold, long kept, long scored, long duplicateUids,
    Double precision, Double recall, Double cleanFractionOfPool) {}
