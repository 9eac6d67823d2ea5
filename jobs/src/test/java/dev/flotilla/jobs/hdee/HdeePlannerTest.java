package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.ensembles.hdee.DomainRef;
import dev.flotilla.ensembles.hdee.HdeeDenseUnit;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeMeasuredExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hdee plan from a config and a real (tiny) corpus folder, without Spark. */
class HdeePlannerTest {

  @TempDir Path tmp;
  Path corpus;

  @BeforeEach
  void corpus() throws Exception {
    corpus = TinyCorpus.write(tmp.resolve("corpus"), 30);
  }

  static HdeeJob job(Path tmp, Path corpus, String extra) {
    return (HdeeJob) JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString("""
        job = hdee
        engine { run-dir = "%s", progress = false }
        hdee {
          corpus.dir = "%s"
          domains { groups = [[python], [headers], [copyright]], eval-only = [email] }
          model { layers = 1, d-model = 16, heads = 2, context = 32 }
          budget { total-flops = 2e10, min-steps = 10 }
          seeds.steps = 40
          eval.windows = 4
          %s
        }
        """.formatted(tmp.resolve("run").toUri(), corpus, extra)), List.of(), "test config"));
  }

  private static List<PlannedUnit> ofKind(Plan p, String kind) {
    return p.units().stream().filter(u -> u.kind().equals(kind)).toList();
  }

  private static void inputsComeFirst(Plan p) {
    Set<String> seen = new HashSet<>();
    for (PlannedUnit u : p.units()) {
      assertThat(seen).as("inputs of " + u.name() + " come first").containsAll(u.after());
      assertThat(seen.add(u.id())).as(u.name() + " is planned once").isTrue();
    }
  }

  @Test
  void declaredPlansAreADagOfCorpusSeedsLineagesAndEnsembles() {
    HdeeJob job = job(tmp, corpus, "plans = [homogeneous, hetero-steps, heterogeneous]");
    Plan p = job.plan();
    List<PlannedUnit> corpusUnits = ofKind(p, CorpusUnit.KIND);
    assertThat(corpusUnits).extracting(u -> ((CorpusUnit) u.unit()).domain())
        .containsExactly("python", "headers", "copyright", "email");
    // paper protocol: one seed per size, the same steps, shared by every plan that uses the size
    assertThat(ofKind(p, HdeeSeedUnit.KIND)).extracting(u -> ((HdeeSeedUnit) u.unit()).size())
        .containsExactlyInAnyOrder("S", "M", "L");
    assertThat(ofKind(p, HdeeSeedUnit.KIND)).extracting(u -> ((HdeeSeedUnit) u.unit()).steps()).containsOnly(40L);
    assertThat(ofKind(p, HdeeEnsembleUnit.KIND)).hasSize(3);
    inputsComeFirst(p);
    Set<String> corpusIds = corpusUnits.stream().map(PlannedUnit::id).collect(Collectors.toSet());
    for (PlannedUnit u : ofKind(p, HdeeExpertUnit.KIND)) {
      HdeeExpertUnit e = (HdeeExpertUnit) u.unit();
      assertThat(u.after()).containsAll(corpusIds).contains(e.initFrom()).hasSize(corpusIds.size() + 1);
    }
    for (PlannedUnit u : ofKind(p, HdeeEnsembleUnit.KIND)) {
      HdeeEnsembleUnit e = (HdeeEnsembleUnit) u.unit();
      assertThat(e.members()).extracting(HdeeEnsembleUnit.Member::domain).containsExactly("python", "headers", "copyright");
      assertThat(u.after()).containsAll(corpusIds).containsAll(e.members().stream().map(HdeeEnsembleUnit.Member::unit).toList());
    }
  }

  /**
   * Chained: each lineage is seed → iteration 0 → 1 → 2, every expert after the one it branches
   * from, on the group's domains in turn; the ensemble keeps the last of each lineage.
   */
  @Test
  void chainedLineagesBranchFromThePreviousExpertInDagOrder() {
    HdeeJob job = job(tmp, corpus, """
        domains { groups = [[python, email], [headers], [copyright]], eval-only = [] }
        plans = [homogeneous, hetero-sizes]
        """);
    Plan p = job.plan();
    inputsComeFirst(p);
    Map<String, PlannedUnit> byId = p.units().stream().collect(Collectors.toMap(PlannedUnit::id, Function.identity()));
    for (HdeePlanner.PlanLayout l : HdeePlanner.layouts(job.hdee())) {
      assertThat(l.lineages()).hasSize(3).allMatch(chain -> chain.size() == 3);
      List<String> easy = l.lineages().get(0);
      assertThat(easy).extracting(id -> ((HdeeExpertUnit) byId.get(id).unit()).domain())
          .containsExactly("python", "email", "python");
      for (List<String> chain : l.lineages()) {
        HdeeExpertUnit first = (HdeeExpertUnit) byId.get(chain.get(0)).unit();
        assertThat(byId.get(first.initFrom()).unit()).isInstanceOf(HdeeSeedUnit.class);
        assertThat(((HdeeSeedUnit) byId.get(first.initFrom()).unit()).size()).isEqualTo(first.size());
        for (int i = 0; i < chain.size(); i++) {
          HdeeExpertUnit e = (HdeeExpertUnit) byId.get(chain.get(i)).unit();
          assertThat(e.iteration()).isEqualTo(i);
          if (i > 0) {
            assertThat(e.initFrom()).isEqualTo(chain.get(i - 1));
            assertThat(byId.get(chain.get(i)).after()).contains(chain.get(i - 1));
          }
        }
      }
      HdeeEnsembleUnit ensemble = (HdeeEnsembleUnit) byId.get(l.ensemble()).unit();
      assertThat(ensemble.members()).extracting(HdeeEnsembleUnit.Member::unit)
          .containsExactlyElementsOf(l.lineages().stream().map(c -> c.get(c.size() - 1)).toList());
      assertThat(ensemble.members()).extracting(HdeeEnsembleUnit.Member::domain)
          .containsExactly("python", "headers", "copyright");
    }
    String notes = job.planNotes();
    assertThat(notes).contains("homogeneous    group 0: seed M → python M×").contains(" → email M×")
        .contains("hetero-sizes   group 2: seed L → copyright L×");
  }

  /**
   * Exact ties: the medium lineage is the same in homogeneous, hetero-steps and hetero-sizes, and
   * hetero-steps shares every expert but the last of each lineage with homogeneous: one unit each.
   */
  @Test
  void identicalExpertsAcrossPlansAreOneSharedUnit() {
    HdeeJob job = job(tmp, corpus, "plans = [homogeneous, hetero-steps, hetero-sizes]");
    Plan p = job.plan();
    inputsComeFirst(p);
    List<HdeePlanner.PlanLayout> l = HdeePlanner.layouts(job.hdee());
    List<String> homo = l.get(0).experts();
    List<String> steps = l.get(1).experts();
    List<String> sizes = l.get(2).experts();
    assertThat(l.get(1).lineages().get(1)).isEqualTo(l.get(0).lineages().get(1)).isEqualTo(l.get(2).lineages().get(1));
    for (int g : List.of(0, 2)) {
      List<String> h = l.get(0).lineages().get(g);
      List<String> s = l.get(1).lineages().get(g);
      assertThat(s.subList(0, 2)).isEqualTo(h.subList(0, 2));
      assertThat(s.get(2)).isNotEqualTo(h.get(2));
      assertThat(l.get(2).lineages().get(g)).doesNotContainAnyElementsOf(h);
    }
    Set<String> distinct = new HashSet<>(homo);
    distinct.addAll(steps);
    distinct.addAll(sizes);
    assertThat(ofKind(p, HdeeExpertUnit.KIND)).hasSize(distinct.size()).hasSize(9 + 2 + 6);
    assertThat(ofKind(p, HdeeExpertUnit.KIND)).allMatch(u -> !UnitCodec.toJson(u.unit()).contains("homogeneous"));
    // a shared unit says which plans it serves
    assertThat(job.describe(p.units().stream().filter(u -> u.id().equals(homo.get(4))).findFirst().orElseThrow().unit()))
        .containsEntry("plans", "homogeneous hetero-steps hetero-sizes");
  }

  /** Every plan spends the budget under its protocol, as described; plan prints both totals. */
  @Test
  void everyPlanSpendsTheBudgetUnderItsProtocolAsDescribed() {
    for (String protocol : List.of("paper", "all-in")) {
      for (String mode : List.of("chained", "independent")) {
        HdeeJob job = job(tmp, corpus, "protocol = " + protocol + "\nexperts.mode = " + mode);
        Plan p = job.plan();
        Map<String, PlannedUnit> byId = p.units().stream().collect(Collectors.toMap(PlannedUnit::id, Function.identity()));
        for (HdeePlanner.PlanLayout l : HdeePlanner.layouts(job.hdee())) {
          if (l.kind() == PlanKind.DENSE) {
            HdeeDenseUnit dense = (HdeeDenseUnit) byId.get(l.experts().get(0)).unit();
            double seeds = l.seeds().stream().mapToDouble(id -> ((HdeeSeedUnit) byId.get(id).unit()).flops()).sum();
            assertThat(protocol.equals("paper") ? dense.flops() : dense.flops() + seeds).as("dense " + protocol)
                .isCloseTo(2e10, within(2e10 * 0.01));
            assertThat(dense.size()).isEqualTo("M");
            assertThat(dense.initFrom()).isEqualTo(l.seeds().get(0));
            assertThat(dense.trainOn()).extracting(DomainRef::name).containsExactly("python", "headers", "copyright");
            continue;
          }
          double experts = l.experts().stream().mapToDouble(id -> ((HdeeExpertUnit) byId.get(id).unit()).flops()).sum();
          double seeds = l.seeds().stream().mapToDouble(id -> ((HdeeSeedUnit) byId.get(id).unit()).flops()).sum();
          double compared = protocol.equals("paper") ? experts : experts + seeds;
          assertThat(compared).as(protocol + " " + mode + " " + l.kind().configName()).isCloseTo(2e10, within(2e10 * 0.01));
          assertThat(l.compute().allInFlops()).isCloseTo(experts + seeds, within(1.0));
          HdeeExpertUnit last = (HdeeExpertUnit) byId.get(l.experts().get(l.experts().size() - 1)).unit();
          assertThat(job.describe(last)).containsEntry("domain", "copyright").containsEntry("group", 2)
              .containsEntry("steps", last.steps()).containsEntry("tokens", last.steps() * 16 * 32L);
        }
        assertThat(job.planNotes()).contains("compute per plan (protocol " + protocol)
            .contains("all-in").contains("compared");
      }
    }
  }

  @Test
  void sameConfigGivesTheSameUnitIds() {
    List<String> a = job(tmp, corpus, "").plan().units().stream().map(PlannedUnit::id).toList();
    List<String> b = job(tmp, corpus, "").plan().units().stream().map(PlannedUnit::id).toList();
    assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
    List<String> other = job(tmp, corpus, "corpus.split-seed = 2").plan().units().stream().map(PlannedUnit::id).toList();
    assertThat(other).doesNotContainAnyElementsOf(a);
  }

  /** Measured difficulty: independent experts read the reference seed and learn their size when they run. */
  @Test
  void measuredDifficultyExpertsWaitForTheReferenceSeed() {
    HdeeJob job = job(tmp, corpus, "difficulty = measured\nexperts.mode = independent\nplans = [heterogeneous]");
    Plan p = job.plan();
    List<PlannedUnit> experts = ofKind(p, HdeeMeasuredExpertUnit.KIND);
    assertThat(experts).hasSize(3);
    String reference = ((HdeeMeasuredExpertUnit) experts.get(0).unit()).difficultyFrom();
    assertThat(ofKind(p, HdeeSeedUnit.KIND)).extracting(PlannedUnit::id).contains(reference);
    for (PlannedUnit u : experts) {
      assertThat(u.after()).contains(reference);
      assertThat(job.describe(u.unit())).containsEntry("size", "measured after the seed").doesNotContainKey("steps");
    }
    assertThatThrownBy(() -> job(tmp, corpus, "difficulty = measured"))
        .hasMessageContaining("hdee.experts.mode").hasMessageContaining("independent");
  }
}
