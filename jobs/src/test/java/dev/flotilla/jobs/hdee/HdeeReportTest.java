package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.ensembles.hdee.EnsembleResult;
import dev.flotilla.ensembles.hdee.EnsembleScore;
import dev.flotilla.ensembles.hdee.ExpertResult;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.SeedResult;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hdee report from unit records and evaluation files written to a run dir by hand (no Spark,
 * no training): its tables and facts hold the records' numbers, and each plan's ensemble is
 * published under its stable name.
 */
class HdeeReportTest {

  @TempDir java.nio.file.Path tmp;

  private static final List<String> DOMAINS = List.of("python", "headers", "copyright", "email");

  private static void commit(RunDir run, PlannedUnit u, Record result) throws Exception {
    commit(run, u, result, LearningCurve.NONE);
  }

  private static void commit(RunDir run, PlannedUnit u, Record result, LearningCurve curve) throws Exception {
    UnitOutput out = UnitOutput.of(result, curve);
    UnitRecord r = new UnitRecord(u.id(), u.kind(), u.unit().name(), Json.CANONICAL.readTree(UnitCodec.toJson(u.unit())),
        0, 0, "driver", "h", 1, 0, 1000, -1, 42, out.metrics(), out.facts(), List.of(), out.curve());
    AtomicFiles.writeNew(run.fs(), run.unitRecord(u.id()), UnitRecordCodec.toJson(r));
  }

  private static void file(RunDir run, PlannedUnit u, String name, String text) throws Exception {
    AtomicFiles.writeNew(run.fs(), new Path(run.unit(u.id()), name), text);
  }

  /** Posterior perplexity: heterogeneous is better on python, headers and email, worse on copyright. */
  private static double ppl(String plan, String model, String domain) {
    double base = 2 + DOMAINS.indexOf(domain) + (model.startsWith("expert:") ? 1 : 0);
    boolean hetero = plan.equals("heterogeneous");
    return domain.equals("copyright") ? (hetero ? base + 0.5 : base) : (hetero ? base - 0.25 : base);
  }

  @Test
  void tablesAndFactsComeFromTheRecords() throws Exception {
    java.nio.file.Path corpus = TinyCorpus.write(tmp.resolve("corpus"), 20);
    HdeeJob job = HdeePlannerTest.job(tmp, corpus, "plans = [homogeneous, heterogeneous]");
    Plan plan = job.plan();
    RunDir run = RunDir.at(tmp.resolve("run").toUri().toString(), new Configuration());
    Map<String, Double> flops = new LinkedHashMap<>();
    Map<String, Double> ownBpb = new LinkedHashMap<>();
    int n = 0;
    for (PlannedUnit u : plan.units()) {
      n++;
      if (u.unit() instanceof CorpusUnit c) {
        commit(run, u, new CorpusResult(10, 9, 1, 0, 800, 7, 100, 1, 100, 1, 0, 0, 0, c.domain()));
      } else if (u.unit() instanceof HdeeSeedUnit s) {
        flops.put(u.id(), 1e9 * n);
        commit(run, u, new SeedResult(s.steps(), 1e9 * n, 2.5, 10, 4000, -1, Map.of("python", 3.0), s.size(), "seed"));
      } else if (u.unit() instanceof HdeeExpertUnit e) {
        flops.put(u.id(), 1e8 * n);
        ownBpb.put(u.id(), 1.5 + n / 100.0);
        commit(run, u, new ExpertResult(e.steps(), 1e8 * n, 2.0, 5, 3000, e.domain().equals("headers") ? 40 : -1,
            Map.of(e.domain(), 1.5 + n / 100.0, "email", 4.0), e.group(), e.iteration(), e.size(), e.domain(),
            "declared", 3.0, 2.0, 2.0 - 0.1 * (e.group() + 1)), curve(e.steps()));
      } else if (u.unit() instanceof HdeeEnsembleUnit e) {
        String p = e.plan().configName();
        List<EnsembleScore> scores = new ArrayList<>();
        for (String d : DOMAINS) {
          String role = d.equals("email") ? "eval-only" : "train";
          for (String m : List.of("uniform", "posterior", "cached-prior", "top-2", "expert:python", "expert:headers",
              "expert:copyright")) {
            double ppl = ppl(p, m, d);
            double bpb = Math.log(ppl) / Math.log(2);
            scores.add(new EnsembleScore(p, d, role, m, bpb, ppl, 1000, 64, bpb - 0.05, bpb + 0.05));
          }
        }
        file(run, u, HdeeEnsembleUnit.EVALUATION, Json.FILES.writeValueAsString(scores));
        file(run, u, "ensemble.json", "{\"plan\": \"" + p + "\", \"members\": []}");
        commit(run, u, new EnsembleResult(Map.of("posterior", 1.0), p));
      }
    }
    Report report = new Report("hdee test run");
    job.merge(new MergeContext(run, new RunManifest(), plan), report);
    report.write(run);
    java.nio.file.Path dir = tmp.resolve("run/report");

    JsonNode budget = Json.FILES.readTree(dir.resolve("budget.json").toFile());
    assertThat(budget).hasSize(2);
    List<HdeePlanner.PlanLayout> layouts = HdeePlanner.layouts(job.hdee());
    for (int i = 0; i < 2; i++) {
      JsonNode row = budget.get(i);
      HdeePlanner.PlanLayout l = layouts.get(i);
      assertThat(row.get("plan").asText()).isEqualTo(l.kind().configName());
      double seeds = l.seeds().stream().mapToDouble(flops::get).sum();
      double experts = l.experts().stream().mapToDouble(flops::get).sum();
      assertThat(row.get("expert_flops").asDouble()).isEqualTo(experts);
      assertThat(row.get("seed_flops").asDouble()).isEqualTo(seeds);
      assertThat(row.get("all_in_flops").asDouble()).isCloseTo(seeds + experts, within(1.0));
      assertThat(row.get("compared_flops").asDouble()).as("paper: the expert phase").isEqualTo(experts);
      assertThat(row.get("seeds").asInt()).isEqualTo(i == 0 ? 1 : 3);
    }
    JsonNode experts = Json.FILES.readTree(dir.resolve("experts.json").toFile());
    assertThat(experts).hasSize((int) plan.units().stream().filter(u -> u.unit() instanceof HdeeExpertUnit).count());
    for (JsonNode row : experts) {
      assertThat(row.get("own_test_bpb").asDouble()).isEqualTo(ownBpb.get(row.get("unit").asText()));
      assertThat(row.get("resumed_from_step").asLong()).isEqualTo(row.get("domain").asText().equals("headers") ? 40 : -1);
    }
    assertThat(Json.FILES.readTree(dir.resolve("seeds.json").toFile())).hasSize(3);
    JsonNode returns = Json.FILES.readTree(dir.resolve("returns.json").toFile());
    assertThat(returns).hasSize(experts.size());
    for (JsonNode row : returns) {
      long steps = row.get("steps").asLong();
      assertThat(row.get("marginal_return").asDouble())
          .isCloseTo(0.1 * (row.get("group").asInt() + 1) / (steps - steps / 2) * 100, within(1e-9));
    }

    JsonNode facts = Json.FILES.readTree(dir.resolve("report.json").toFile()).path("facts");
    assertThat(facts.get("heterogeneous_beats_homogeneous").asInt()).isEqualTo(3);
    assertThat(facts.get("domains_compared").asInt()).isEqualTo(4);
    assertThat(facts.get("heterogeneous_beats_homogeneous_train").asInt()).isEqualTo(2);
    assertThat(facts.get("mean_bpb.heterogeneous.posterior").asDouble()).isCloseTo(
        DOMAINS.stream().mapToDouble(d -> Math.log(ppl("heterogeneous", "posterior", d)) / Math.log(2)).average()
            .orElseThrow(), within(1e-12));
    JsonNode wide = Json.FILES.readTree(dir.resolve("perplexity.json").toFile());
    assertThat(wide.get(3).get("domain").asText()).isEqualTo("email");
    assertThat(wide.get(3).get("heterogeneous/own expert").asText()).isEqualTo("-");
    assertThat(wide.get(1).get("heterogeneous/own expert").asDouble()).isEqualTo(3.75); // headers' expert alone
    assertThat(wide.get(0).get("homogeneous/posterior").asDouble()).isEqualTo(2.0);
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("heterogeneous beats homogeneous on 3 of 4 domains (2 of 3 training domains), combiner posterior")
        // intervals are ±0.05 bits: python and headers differ by more than 0.1 bits, email (5 vs 4.75) by less
        .contains("posterior, strictly below homogeneous, of 4 domains: heterogeneous 3 (2 apart, 0 ties)")
        .contains("largest in group 2, the hardest");
    assertThat(facts.get("lower_than_homogeneous.heterogeneous.posterior").asInt()).isEqualTo(3);
    // The index page's line for this run: the first combiner's count, in one sentence.
    assertThat(Json.FILES.readTree(dir.resolve("report.json").toFile()).path("headline").asText())
        .startsWith("Strictly below the homogeneous ensemble at equal expert-phase FLOPs (")
        .contains("heterogeneous 3 (2 apart, 0 ties)");
    JsonNode longForm = Json.FILES.readTree(dir.resolve("scores.json").toFile());
    assertThat(longForm.get(0).get("bpb_high").asDouble() - longForm.get(0).get("bpb_low").asDouble())
        .isCloseTo(0.1, within(1e-9));
    assertThat(dir.resolve("hdee-perplexity.png")).isNotEmptyFile();
    // Learning curves: every expert's points in the linked table, one chart per plan and per unit.
    JsonNode points = Json.FILES.readTree(dir.resolve("hdee-curves.json").toFile());
    assertThat(points).hasSize(experts.size() * 3);
    assertThat(points.get(0).path("valid_metric").asText()).isEqualTo("bits_per_byte");
    assertThat(dir.resolve("hdee-curves.png")).isNotEmptyFile();
    assertThat(dir.resolve("hdee-curve-" + experts.size() + ".png")).isNotEmptyFile();
    assertThat(tmp.resolve("run/ensembles/heterogeneous/ensemble.json")).content()
        .isEqualTo("{\"plan\": \"heterogeneous\", \"members\": []}");
  }

  /** Two loss windows and the own domain's valid bits per byte at the start and the end. */
  private static LearningCurve curve(long steps) {
    return new LearningCurve("bits_per_byte", List.of(new LearningCurve.Point(0, null, 3.0),
        new LearningCurve.Point(steps / 2, 1.9, null), new LearningCurve.Point(steps, 1.4, 2.0)));
  }

  @Test
  void thePerplexityChartMarksEvaluationOnlyDomains() {
    var chart = HdeePerplexityChart.chart("posterior", DOMAINS, java.util.Set.of("email"),
        Map.of("homogeneous", List.of(2.0, 3.0, 4.0, 5.0)));
    assertThat(chart.getSeriesMap().get("homogeneous").getXData()).map(Object::toString)
        .containsExactly("python", "headers", "copyright", "email [eval-only]");
  }
}
