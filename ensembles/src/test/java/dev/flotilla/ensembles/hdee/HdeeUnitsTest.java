package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.LmLayout;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import dev.flotilla.executors.unit.WorkUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDEE units on their own, without Spark or a driver: corpus domains, seeds, experts and an
 * ensemble of one plan, each run through the unit runner (found by kind, as on an executor)
 * into a real run dir, reading each other's committed outputs.
 */
class HdeeUnitsTest {

  @TempDir static Path tmp;
  static RunDir run;
  static List<DomainRef> domains = new ArrayList<>();

  /** Three small domains of different text: words, numbers, and code-like lines. */
  @BeforeAll
  static void corpus() throws Exception {
    Random r = new Random(3);
    String[] words = {"the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "and", "runs"};
    for (String d : List.of("words", "numbers", "code")) {
      Path dir = Files.createDirectories(tmp.resolve("corpus").resolve(d));
      for (int i = 0; i < 30; i++) {
        StringBuilder doc = new StringBuilder();
        for (int k = 0; k < 60; k++) {
          doc.append(switch (d) {
            case "words" -> words[r.nextInt(words.length)] + " ";
            case "numbers" -> r.nextInt(1000) + ", ";
            default -> "x" + k + " = f(x" + r.nextInt(k + 1) + ");\n";
          });
        }
        Files.writeString(dir.resolve(String.format("%03d.txt", i)), doc);
      }
    }
    run = RunDir.at(tmp.resolve("run").toUri().toString(), new Configuration());
    for (String d : List.of("words", "numbers", "code")) {
      CorpusUnit u = new CorpusUnit(d, tmp.resolve("corpus").toUri().toString(), 1, 0.2, 0.2, 1);
      UnitRecord rec = runUnit(u);
      CorpusResult c = rec.result(CorpusResult.class);
      assertThat(c.documents()).isEqualTo(30);
      assertThat(c.documentsTrain() + c.documentsValid() + c.documentsTest()).isEqualTo(30);
      assertThat(c.domain()).isEqualTo(d);
      domains.add(new DomainRef(d, rec.unitId()));
    }
  }

  private static UnitRecord runUnit(WorkUnit u) throws Exception {
    String id = UnitCodec.idOf(u);
    UnitResult result = UnitRunner.run(new UnitTask(id, u.kind(), u.name(), UnitCodec.toJson(u), 0, 1, 7,
        run.uri(), 1000, Map.of()), 0, "test");
    assertThat(result.status()).as(u.name() + ": " + result.error()).isEqualTo(UnitStatus.COMMITTED);
    return UnitRecordCodec.read(run, id);
  }

  /** Paper protocol, chained: words → numbers from the S seed, code from the L seed. */
  @Test
  void seedsExpertsAndAnEnsembleOfOnePlan() throws Exception {
    LmSpec small = new LmSpec(LmSpec.TRANSFORMER, 1, 16, 2, 32, 16, 3e-3);
    LmSpec large = new LmSpec(LmSpec.TRANSFORMER, 1, 16, 2, 64, 16, 3e-3);
    BudgetRule rule = new BudgetRule(6e8, 0, 4 * 16, List.of(new ExpertSize("S", small), new ExpertSize("L", large)),
        1, List.of(1.0, 1.5), 5, Protocol.PAPER, 40, 1.5);
    List<Lineage> lineages = List.of(new Lineage(0, List.of("words", "numbers")), new Lineage(1, List.of("code")));
    ComputePlan plan = BudgetPlanner.plan(PlanKind.HETEROGENEOUS, rule, lineages);
    TreeMap<String, String> seeds = new TreeMap<>();
    for (ComputePlan.SeedRun s : plan.seeds()) {
      HdeeSeedUnit u = new HdeeSeedUnit(s.size().name(), s.size().spec(), s.steps(), 4, 0.1, domains, domains, 3);
      SeedResult r = runUnit(u).result(SeedResult.class);
      assertThat(r.steps()).isEqualTo(40);
      assertThat(r.trainFlops()).isEqualTo(u.flops());
      assertThat(r.bpbTest()).containsOnlyKeys("words", "numbers", "code");
      assertThat(r.role()).isEqualTo("seed");
      seeds.put(s.size().name(), UnitCodec.idOf(u));
    }
    List<String> train = List.of("words", "numbers", "code");
    ComputePlan densePlan = BudgetPlanner.plan(PlanKind.DENSE, rule, lineages);
    ComputePlan.ExpertRun d = densePlan.experts().get(0);
    assertThat(d.domain()).isEqualTo(BudgetPlanner.MIX);
    assertThat(d.size().name()).isEqualTo("L");
    HdeeDenseUnit dense = new HdeeDenseUnit("L", large, 12, new ExpertPhase(0.5, 0.5, 0.1, 1.5).schedule(large, 18),
        seeds.get("L"), 4, domains, domains, 3);
    SeedResult denseResult = runUnit(dense).result(SeedResult.class);
    assertThat(denseResult.role()).isEqualTo("dense");
    assertThat(denseResult.steps()).isEqualTo(12);
    assertThat(denseResult.bpbTest()).containsOnlyKeys("words", "numbers", "code");
    ExpertPhase phase = new ExpertPhase(0.5, 0.5, 0.1, 1.5);
    List<HdeeEnsembleUnit.Member> members = new ArrayList<>();
    for (int l = 0; l < lineages.size(); l++) {
      String parent = seeds.get(plan.lineage(l).get(0).size().name());
      for (ComputePlan.ExpertRun planned : plan.lineage(l)) {
        HdeeExpertUnit u = new HdeeExpertUnit(planned.domain(), planned.group(), planned.iteration(),
            planned.size().name(), planned.size().spec(), planned.steps(),
            phase.schedule(planned.size().spec(), plan.horizon()), parent, 4, domains, 3);
        ExpertResult r = runUnit(u).result(ExpertResult.class);
        assertThat(r.size()).isEqualTo(planned.size().name());
        assertThat(r.steps()).isEqualTo(planned.steps());
        assertThat(r.group()).isEqualTo(planned.group());
        assertThat(r.iteration()).isEqualTo(planned.iteration());
        assertThat(r.ownTestBpb()).isBetween(0.0, 9.0);
        assertThat(List.of(r.validBpbStart(), r.validBpbMid(), r.validBpbEnd())).allMatch(b -> b > 0 && b < 9);
        assertThat(r.marginalReturn()).isFinite();
        assertThat(run.fs().exists(new org.apache.hadoop.fs.Path(run.unit(UnitCodec.idOf(u)),
            "eval/" + planned.domain() + ".test.f32"))).isTrue();
        parent = UnitCodec.idOf(u);
      }
      members.add(new HdeeEnsembleUnit.Member(lineages.get(l).last(), parent));
    }
    assertThat(members).extracting(HdeeEnsembleUnit.Member::domain).containsExactly("numbers", "code");
    List<String> combiners = List.of("uniform", "posterior", "cached-prior", "top-2");
    HdeeEnsembleUnit ensemble = new HdeeEnsembleUnit(PlanKind.HETEROGENEOUS, members, domains, train, combiners, 16, 3,
        200);
    UnitRecord rec = runUnit(ensemble);
    EnsembleResult result = rec.result(EnsembleResult.class);
    assertThat(result.plan()).isEqualTo("heterogeneous");
    assertThat(result.meanBpb()).containsOnlyKeys(combiners);
    EnsembleScore[] scores = Json.FILES.readValue(
        Files.readString(tmp.resolve("run/units").resolve(rec.unitId()).resolve(HdeeEnsembleUnit.EVALUATION)),
        EnsembleScore[].class);
    assertThat(scores).hasSize(3 * (combiners.size() + members.size()));
    assertThat(scores).filteredOn(s -> s.model().equals("posterior")).extracting(EnsembleScore::domain)
        .containsExactly("words", "numbers", "code");
    assertThat(scores).allSatisfy(s -> {
      assertThat(s.windows()).isEqualTo(3);
      assertThat(s.bpbLow()).isLessThanOrEqualTo(s.bitsPerByte());
      assertThat(s.bpbHigh()).isGreaterThanOrEqualTo(s.bitsPerByte()).isGreaterThan(s.bpbLow());
    });
    EnsembleArtifact artifact = EnsembleArtifact.read(run.fs(),
        new org.apache.hadoop.fs.Path(run.unit(rec.unitId()), EnsembleArtifact.FILE));
    assertThat(artifact.members()).extracting(EnsembleArtifact.Member::size).containsExactly("S", "L");

    // Portable exports read the committed files: each training unit's model, and the ensemble.
    for (String unit : List.of(seeds.get("S"), UnitCodec.idOf(dense), members.get(1).unit())) {
      UnitRecord trained = UnitRecordCodec.read(run, unit);
      PortableModel p = ((ModelUnit) trained.unit()).portableModel(run.fs(), run.unit(unit), ComputeBudget.ofCpus(1));
      assertThat(p.format()).isEqualTo(LmLayout.TRANSFORMER_FORMAT);
      assertThat(p.parameterCount()).as(unit).isEqualTo(
          (trained.unit() instanceof HdeeSeedUnit s ? s.spec() : large).parameters());
    }
    Path exported = Files.createDirectories(tmp.resolve("exported"));
    List<Long> params = EnsembleExport.write(run.fs(), run.root(), artifact, exported, ComputeBudget.ofCpus(1));
    assertThat(params).containsExactly(small.parameters(), large.parameters());
    var config = Json.FILES.readTree(exported.resolve(EnsembleExport.FILE).toFile());
    assertThat(config.path("format").asText()).isEqualTo(EnsembleExport.FORMAT);
    assertThat(config.path("members")).hasSize(2);
    assertThat(config.path("cached_priors").path("code")).hasSize(2);
    assertThat(exported.resolve("expert-1.safetensors")).exists();
    assertThat(exported.resolve("expert-1.json")).exists();
  }
}
