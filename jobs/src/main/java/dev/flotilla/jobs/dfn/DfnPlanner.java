package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.dfn.DfnKeepUnit;
import dev.flotilla.datafiltering.dfn.DfnPoolUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.dfn.DfnThresholdUnit;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.datafiltering.dfn.ShardRef;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dfn job's plan (pure): one pool unit per shard it builds (none for an existing pool), the
 * filtering network's training, one scoring unit per shard, the global threshold, one keep unit
 * per shard, the curation joining them, and one downstream unit per runnable subset. Inputs come first; each unit names the units it reads.
 */
public final class DfnPlanner {

  private DfnPlanner() {}

  /** The shards to score, the units that write them (empty for an existing pool), their ground truth. */
  private record Pool(List<PlannedUnit> units, List<ShardRef> shards, List<ShardRef> truth) {}

  public static Plan plan(DfnConfig dfn, EngineSettings engine) {
    int cpus = engine.cpusPerUnit();
    Pool pool = pool(dfn, cpus);
    List<PlannedUnit> units = new ArrayList<>(pool.units());
    List<PlannedUnit> scores = scores(dfn, pool, units, cpus);
    PlannedUnit curate = curation(dfn, pool, scores, units, cpus);
    List<PlannedUnit> downstreamInputs = new ArrayList<>(pool.units());
    downstreamInputs.add(curate);
    DfnConfig.Downstream d = dfn.downstream();
    for (String subset : dfn.runnableSubsets()) {
      units.add(PlannedUnit.of(new DfnDownstreamUnit(subset, pool.shards(), pool.truth(), curate.id(), dfn.model(),
          d.steps(), d.batchSize(), dfn.dataDir(), d.testLimit(), dfn.pool().seed() + 2, dfn.pool().invalidUtf8(),
          d.zeroShot()),
          cpus, downstreamInputs));
    }
    return new Plan(units);
  }

  /**
   * The global curation (added to {@code units}): the threshold from all score tables, then one
   * keep unit per shard, in parallel, then the curation joining their outputs. Returns the last.
   */
  private static PlannedUnit curation(DfnConfig dfn, Pool pool, List<PlannedUnit> scores, List<PlannedUnit> units,
      int cpus) {
    PlannedUnit threshold = PlannedUnit.of(new DfnThresholdUnit(scores.stream().map(PlannedUnit::id).toList(),
        dfn.curation().keepFraction(), dfn.curation().threshold()), cpus, scores);
    units.add(threshold);
    List<PlannedUnit> keeps = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      List<PlannedUnit> after = new ArrayList<>(List.of(threshold, scores.get(i)));
      if (!pool.units().isEmpty()) {
        after.add(pool.units().get(i));
      }
      keeps.add(PlannedUnit.of(new DfnKeepUnit(threshold.id(), scores.get(i).id(), pool.shards().get(i), i,
          dfn.pool().invalidUtf8(), dfn.curation().keptShardSize()), cpus, after));
    }
    units.addAll(keeps);
    List<PlannedUnit> curateInputs = new ArrayList<>(keeps);
    curateInputs.add(threshold);
    curateInputs.addAll(pool.units()); // the ground truth
    PlannedUnit curate = PlannedUnit.of(new DfnCurateUnit(threshold.id(), keeps.stream().map(PlannedUnit::id).toList(),
        pool.truth()), cpus, curateInputs);
    units.add(curate);
    return curate;
  }

  /**
   * One scoring unit per shard, after its pool unit and the training of the filtering network
   * (added to {@code units}); a user's pretrained CLIP needs no training.
   */
  private static List<PlannedUnit> scores(DfnConfig dfn, Pool pool, List<PlannedUnit> units, int cpus) {
    PlannedUnit train = null;
    if (dfn.pretrained() == null) {
      train = PlannedUnit.of(new DfnTrainUnit(dfn.model(), dfn.dataDir(), dfn.pool().hqImages(),
          dfn.train().steps(), dfn.train().batchSize(), dfn.pool().seed() + 1, dfn.train().hqShards(),
          dfn.pool().invalidUtf8()), cpus);
      units.add(train);
    }
    List<PlannedUnit> scores = new ArrayList<>();
    for (int i = 0; i < pool.shards().size(); i++) {
      List<PlannedUnit> after = new ArrayList<>();
      if (!pool.units().isEmpty()) {
        after.add(pool.units().get(i));
      }
      ShardRef shard = pool.shards().get(i);
      DfnScoreUnit unit;
      if (train != null) {
        after.add(train);
        unit = DfnScoreUnit.trained(shard, train.id(), dfn.model(), dfn.scoreBatchSize(), dfn.basicFilter(),
            dfn.pool().invalidUtf8(), dfn.scoreDevice());
      } else {
        unit = DfnScoreUnit.pretrained(shard, dfn.pretrained(), dfn.scoreBatchSize(), dfn.basicFilter(),
            dfn.pool().invalidUtf8(), dfn.scoreDevice());
      }
      scores.add(PlannedUnit.of(unit, cpus, after));
    }
    units.addAll(scores);
    return scores;
  }

  private static Pool pool(DfnConfig dfn, int cpus) {
    DfnConfig.Pool p = dfn.pool();
    List<PlannedUnit> units = new ArrayList<>();
    List<ShardRef> shards = new ArrayList<>();
    List<ShardRef> truth = new ArrayList<>();
    if (p.external()) {
      p.inputShards().forEach(f -> shards.add(ShardRef.external(f)));
      if (p.truth() != null) {
        truth.add(ShardRef.external(p.truth()));
      }
      return new Pool(units, shards, truth);
    }
    for (long first = 0, s = 0; first < p.samples(); first += p.shardSize(), s++) {
      DfnPoolUnit unit = new DfnPoolUnit((int) s, first, (int) Math.min(p.shardSize(), p.samples() - first),
          dfn.dataDir(), p.hqImages(), p.styles(), p.seed(), p.format());
      PlannedUnit planned = PlannedUnit.of(unit, cpus);
      units.add(planned);
      shards.add(ShardRef.ofUnit(planned.id(), unit.shardFile()));
      truth.add(ShardRef.ofUnit(planned.id(), DfnPoolUnit.TRUTH_FILE));
    }
    return new Pool(units, shards, truth);
  }

  /** What {@code flotilla plan} prints for a unit. */
  public static Map<String, Object> describe(DfnConfig dfn, WorkUnit unit) {
    Double threshold = dfn.curation().threshold();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("what", switch (unit.kind()) {
      case DfnPoolUnit.KIND -> "write " + ((DfnPoolUnit) unit).size() + " pool pairs";
      case DfnTrainUnit.KIND -> "train the filtering network, " + dfn.train().steps() + " steps"
          + (dfn.train().hq() == null ? "" : ", on " + dfn.train().hqShards().size() + " shards of " + dfn.train().hq());
      case DfnScoreUnit.KIND -> dfn.pretrained() == null ? "score one shard"
          : "score one shard with the TorchScript CLIP " + dfn.pretrained().model();
      case DfnDownstreamUnit.KIND -> "train on subset '" + ((DfnDownstreamUnit) unit).subset() + "', zero-shot eval";
      case DfnThresholdUnit.KIND -> threshold != null ? "count scores, keep >= " + threshold
          : "global top " + dfn.curation().keepFraction() + " threshold";
      case DfnKeepUnit.KIND -> "keep one shard's pairs above the threshold";
      default -> "join the kept shards into the curated set";
    });
    return d;
  }
}
