package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.ensembles.hdee.BudgetPlanner;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.PlanKind;
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
          eval.windows = 4
          %s
        }
        """.formatted(tmp.resolve("run").toUri(), corpus, extra)), List.of(), "test config"));
  }

  private static List<PlannedUnit> ofKind(Plan p, String kind) {
    return p.units().stream().filter(u -> u.kind().equals(kind)).toList();
  }

  @Test
  void declaredPlansAreADagOfCorpusSeedsExpertsAndEnsembles() {
    HdeeJob job = job(tmp, corpus, "plans = [homogeneous, hetero-steps, heterogeneous]");
    Plan p = job.plan();
    List<PlannedUnit> corpusUnits = ofKind(p, CorpusUnit.KIND);
    assertThat(corpusUnits).extracting(u -> ((CorpusUnit) u.unit()).domain())
        .containsExactly("python", "headers", "copyright", "email");
    // homogeneous and hetero-steps use one size (M) with the whole seed budget: one shared seed;
    // heterogeneous splits the seed budget over S, M and L.
    assertThat(ofKind(p, HdeeSeedUnit.KIND)).extracting(PlannedUnit::name)
        .hasSize(4).doesNotHaveDuplicates();
    assertThat(ofKind(p, HdeeExpertUnit.KIND)).hasSize(9);
    assertThat(ofKind(p, HdeeEnsembleUnit.KIND)).hasSize(3);

    Set<String> seen = new HashSet<>();
    for (PlannedUnit u : p.units()) {
      assertThat(seen).as("inputs of " + u.name() + " come first").containsAll(u.after());
      seen.add(u.id());
    }
    Set<String> corpusIds = corpusUnits.stream().map(PlannedUnit::id).collect(Collectors.toSet());
    Map<PlanKind, List<HdeeExpertUnit>> byPlan = ofKind(p, HdeeExpertUnit.KIND).stream()
        .map(u -> (HdeeExpertUnit) u.unit()).collect(Collectors.groupingBy(HdeeExpertUnit::plan));
    assertThat(byPlan.get(PlanKind.HOMOGENEOUS).get(0).seedUnits())
        .isEqualTo(byPlan.get(PlanKind.HETERO_STEPS).get(0).seedUnits()).hasSize(1);
    assertThat(byPlan.get(PlanKind.HETEROGENEOUS).get(0).seedUnits()).containsOnlyKeys("S", "M", "L");
    for (PlannedUnit u : ofKind(p, HdeeExpertUnit.KIND)) {
      HdeeExpertUnit e = (HdeeExpertUnit) u.unit();
      assertThat(u.after()).containsAll(corpusIds).containsAll(e.seedUnits().values())
          .hasSize(corpusIds.size() + e.seedUnits().size());
    }
    for (PlannedUnit u : ofKind(p, HdeeEnsembleUnit.KIND)) {
      HdeeEnsembleUnit e = (HdeeEnsembleUnit) u.unit();
      assertThat(e.members()).extracting(HdeeEnsembleUnit.Member::domain).containsExactly("python", "headers", "copyright");
      assertThat(u.after()).containsAll(corpusIds).containsAll(e.members().stream().map(HdeeEnsembleUnit.Member::unit).toList());
    }
  }

  /** Every plan spends the budget: its seeds and experts as the planner describes them. */
  @Test
  void everyPlanSpendsTheBudgetAsDescribed() {
    HdeeJob job = job(tmp, corpus, "");
    Plan p = job.plan();
    Map<String, PlannedUnit> byId = p.units().stream().collect(Collectors.toMap(PlannedUnit::id, Function.identity()));
    for (PlanKind kind : job.hdee().plans()) {
      List<HdeeExpertUnit> experts = ofKind(p, HdeeExpertUnit.KIND).stream().map(u -> (HdeeExpertUnit) u.unit())
          .filter(e -> e.plan() == kind).toList();
      double flops = experts.stream().mapToDouble(e -> e.declaredRun().flops()).sum();
      flops += experts.get(0).seedUnits().values().stream()
          .mapToDouble(id -> ((HdeeSeedUnit) byId.get(id).unit()).flops()).sum();
      assertThat(flops).as(kind.configName()).isCloseTo(2e10, within(2e10 * 0.01));
      HdeeExpertUnit e = experts.get(experts.size() - 1);
      Map<String, Object> d = job.describe(e);
      var run = BudgetPlanner.plan(kind, job.hdee().rule(), job.hdee().planningGroups()).expert(e.domain());
      assertThat(d).containsEntry("plan", kind.configName()).containsEntry("domain", "copyright")
          .containsEntry("group", 2).containsEntry("steps", run.steps())
          .containsEntry("tokens", run.steps() * 16 * 32L);
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

  /** Measured difficulty: experts read the reference seed and learn their size when they run. */
  @Test
  void measuredDifficultyExpertsWaitForTheReferenceSeed() {
    HdeeJob job = job(tmp, corpus, "difficulty = measured\nplans = [heterogeneous]");
    Plan p = job.plan();
    List<PlannedUnit> experts = ofKind(p, HdeeExpertUnit.KIND);
    String reference = ((HdeeExpertUnit) experts.get(0).unit()).difficultyFrom();
    assertThat(ofKind(p, HdeeSeedUnit.KIND)).extracting(PlannedUnit::id).contains(reference);
    for (PlannedUnit u : experts) {
      HdeeExpertUnit e = (HdeeExpertUnit) u.unit();
      assertThat(e.groups()).isNull();
      assertThat(e.declaredRun()).isNull();
      assertThat(u.after()).contains(reference);
      assertThat(job.describe(e)).containsEntry("size", "measured after the seed").doesNotContainKey("steps");
    }
  }
}
