package dev.flotilla.ensembles.corpus.debian;

/**
 * What extracting one Debian domain reports: the documents and bytes selected, the eligible
 * ones before the byte cap, and a count for every candidate left out and why. The keys are the
 * snake_case names of domains.json ({@code dropped_short}, {@code over_cap}, ...).
 *
 * @param renderFailed man pages groff rejected (0 for other domains)
 */
public record DebianDomainResult(String domain, long documents, long bytes, long eligibleDocuments,
    long eligibleBytes, long candidates, long droppedShort, long droppedLong, long duplicates, long overCap,
    long replacementChars, long docsWithReplacements, long renderFailed) {}
