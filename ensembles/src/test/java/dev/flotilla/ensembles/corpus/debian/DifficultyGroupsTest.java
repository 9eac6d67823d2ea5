package dev.flotilla.ensembles.corpus.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tertiles of the training domains, and evaluation-only domains placed by the halfway thresholds. */
class DifficultyGroupsTest {

  private static DomainOutcome d(DebianDomain domain, double bpb) {
    return new DomainOutcome(domain, "u", null, new DifficultyResult(domain.domainName(), bpb, bpb, bpb, 1, 1, 1));
  }

  @Test
  void trainingDomainsByTertilesEvalOnlyByThresholds() {
    List<DomainOutcome> all = new ArrayList<>(List.of(d(DebianDomain.JAVA, 1.5), d(DebianDomain.C, 2.2),
        d(DebianDomain.PYTHON, 1.8), d(DebianDomain.MANPAGES, 1.7), d(DebianDomain.FORTUNES_TECH, 2.5),
        d(DebianDomain.FORTUNES_MISC, 2.6), d(DebianDomain.SHELL, 1.76), d(DebianDomain.PERL_POD, 2.4)));
    DifficultyGroups g = DifficultyGroups.of(all);
    // ranked: java 1.5, manpages 1.7 | python 1.8, c 2.2 | tech 2.5, misc 2.6
    assertThat(g.groups()).containsEntry("java", "easy").containsEntry("manpages", "easy")
        .containsEntry("python", "medium").containsEntry("c", "medium")
        .containsEntry("fortunes-tech", "hard").containsEntry("fortunes-misc", "hard");
    assertThat(g.easyBelow()).isEqualTo(1.75);
    assertThat(g.mediumBelow()).isEqualTo(2.35);
    assertThat(g.groups()).containsEntry("shell", "medium").containsEntry("perl-pod", "hard");
    assertThat(g.groups().keySet()).as("in the order given").first().isEqualTo("java");
    assertThatThrownBy(() -> DifficultyGroups.of(all.subList(0, 2))).hasMessageContaining("2 training domains");
  }

  @Test
  void roundingIsHalfEvenOnTheExactValue() {
    assertThat(DifficultyResult.round4(1.94265)).isEqualTo(1.9426); // 1.94265 is 1.942649999... in binary
    assertThat(DifficultyResult.round4(2.30265625)).isEqualTo(2.3027);
  }
}
