package dev.flotilla.ensembles.corpus.debian;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One Debian domain as documents: its candidates in source order, normalised, those under
 * {@code minDocBytes} or over {@code maxDocBytes} dropped, exact duplicates removed (all
 * counted); then sorted by selection key and taken in that order while the domain stays within
 * {@code maxBytes} (a document that would overflow it is skipped, later ones are still tried).
 * Same packages, same bytes.
 */
public final class DomainExtraction {

  public static final int MIN_DOC_BYTES = 64;

  private DomainExtraction() {}

  /** What was selected, and the counts of what was not. */
  public record Extracted(List<SelectedDocument> documents, DebianDomainResult result) {}

  public static Extracted run(DebianDomain domain, DebianTree tree, long maxBytes, int maxDocBytes, int threads)
      throws IOException {
    long[] failed = {0};
    List<RawDocument> candidates = new ArrayList<>(domain.candidates(tree, threads, failed));
    candidates.sort(Comparator.comparing(RawDocument::source));
    TextNormaliser normaliser = new TextNormaliser();
    Set<ByteBuffer> seen = new HashSet<>();
    List<SelectedDocument> eligible = new ArrayList<>();
    long tooShort = 0;
    long tooLong = 0;
    long duplicates = 0;
    long eligibleBytes = 0;
    for (RawDocument c : candidates) {
      byte[] data = normaliser.normalise(c).getBytes(StandardCharsets.UTF_8);
      if (data.length < MIN_DOC_BYTES) {
        tooShort++;
      } else if (data.length > maxDocBytes) {
        tooLong++;
      } else if (!seen.add(ByteBuffer.wrap(SelectedDocument.sha256().digest(data)))) {
        duplicates++;
      } else {
        eligible.add(SelectedDocument.of(domain.domainName(), c.source(), data));
        eligibleBytes += data.length;
      }
    }
    eligible.sort(Comparator.comparing(SelectedDocument::key));
    List<SelectedDocument> selected = new ArrayList<>();
    long total = 0;
    long overCap = 0;
    for (SelectedDocument d : eligible) {
      if (total + d.text().length <= maxBytes) {
        selected.add(d);
        total += d.text().length;
      } else {
        overCap++;
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("domain " + domain.domainName() + ": no documents left of "
          + candidates.size() + " candidates (" + tooShort + " under " + MIN_DOC_BYTES + " bytes, " + tooLong
          + " over " + maxDocBytes + ", " + duplicates + " duplicates)");
    }
    return new Extracted(selected, new DebianDomainResult(domain.domainName(), selected.size(), total,
        eligible.size(), eligibleBytes, candidates.size(), tooShort, tooLong, duplicates, overCap,
        normaliser.replacementChars, normaliser.docsWithReplacements, failed[0]));
  }
}
