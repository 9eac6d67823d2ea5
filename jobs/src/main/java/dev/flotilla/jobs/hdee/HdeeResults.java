package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.ensembles.hdee.EnsembleResult;
import dev.flotilla.ensembles.hdee.EnsembleScore;
import dev.flotilla.ensembles.hdee.ExpertResult;
import dev.flotilla.ensembles.hdee.HdeeDenseUnit;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeMeasuredExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.SeedResult;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The committed results of an hdee run, typed, in plan order: seeds (and the dense baseline), experts,
 * ensembles, and every ensemble's evaluation rows (its {@code evaluation.json}).
 */
record HdeeResults(List<Seed> seeds, List<Expert> experts, List<Ensemble> ensembles, List<EnsembleScore> scores) {

  record Seed(String name, String unit, SeedResult result) {}

  record Expert(String unit, ExpertResult result) {}

  /** An ensemble unit and its directory (where its artifact and evaluation are). */
  record Ensemble(String unit, Path dir, EnsembleResult result) {}

  static HdeeResults read(MergeContext run) throws IOException {
    List<Seed> seeds = new ArrayList<>();
    List<Expert> experts = new ArrayList<>();
    List<Ensemble> ensembles = new ArrayList<>();
    List<EnsembleScore> scores = new ArrayList<>();
    for (UnitRecord r : run.records()) {
      switch (r.kind()) {
        case HdeeSeedUnit.KIND, HdeeDenseUnit.KIND -> seeds.add(new Seed(r.name(), r.unitId(),
            r.result(SeedResult.class)));
        case HdeeExpertUnit.KIND, HdeeMeasuredExpertUnit.KIND ->
            experts.add(new Expert(r.unitId(), r.result(ExpertResult.class)));
        case HdeeEnsembleUnit.KIND -> {
          Path dir = run.runDir().unit(r.unitId());
          ensembles.add(new Ensemble(r.unitId(), dir, r.result(EnsembleResult.class)));
          String json = AtomicFiles.readString(run.runDir().fs(), new Path(dir, HdeeEnsembleUnit.EVALUATION));
          scores.addAll(List.of(Json.FILES.readValue(json, EnsembleScore[].class)));
        }
        default -> { }
      }
    }
    return new HdeeResults(seeds, experts, ensembles, scores);
  }

  /** Learning curves of the training units (seeds, dense, experts) by unit name, in plan order. */
  static Map<String, LearningCurve> curves(MergeContext run) throws IOException {
    Map<String, LearningCurve> curves = new LinkedHashMap<>();
    for (UnitRecord r : run.records()) {
      if (!r.kind().equals(HdeeEnsembleUnit.KIND) && !r.curve().isEmpty()) {
        curves.put(curves.containsKey(r.name()) ? r.unitId() : r.name(), r.curve());
      }
    }
    return curves;
  }
}
