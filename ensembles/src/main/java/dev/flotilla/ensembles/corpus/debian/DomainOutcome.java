package dev.flotilla.ensembles.corpus.debian;

/**
 * One Debian domain once its units have run: the unit that extracted it (its documents are in
 * that unit's output), what extraction reported, and its difficulty measures.
 */
public record DomainOutcome(DebianDomain domain, String extractUnit, DebianDomainResult extracted,
    DifficultyResult difficulty) {

  public String name() {
    return domain.domainName();
  }

  public double difficultyBpb() {
    return difficulty.difficultyBpbNgram();
  }
}
