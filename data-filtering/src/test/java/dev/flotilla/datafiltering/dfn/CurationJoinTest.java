package dev.flotilla.datafiltering.dfn;

import static dev.flotilla.datafiltering.dfn.CurateInStepTest.sample;
import static dev.flotilla.datafiltering.dfn.CurateInStepTest.uid;
import static dev.flotilla.datafiltering.dfn.CurateInStepTest.unitDir;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.curation.UidArray;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curation in three steps over three shards: the threshold unit counts a pair a second shard
 * holds again once, and the keep units pass its copy over (though it scored highest); each keep
 * unit keeps its own shard's pairs (one keeps none); the join lists them in shard order in
 * {@code curated.parquet} and {@code shards.txt}, merges the sorted uid arrays, and gathers the
 * gallery's thumbnails; a join whose keep units do not add up to the threshold's counts fails.
 */
class CurationJoinTest {

  @TempDir Path tmp;

  /** Uids 0..n-1 spread over {@code shards} shards, uid i into shard {@code shardOf(i)}, in order. */
  private static List<List<Integer>> members(int shards, int n, java.util.function.IntUnaryOperator shardOf) {
    List<List<Integer>> members = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      members.get(shardOf.applyAsInt(i)).add(i);
    }
    return members;
  }

  /** The curation's inputs: shard s was scored by {@code scoreIds.get(s)}. */
  private record Pool(List<String> scoreIds, List<ShardRef> shards) {}

  /**
   * Pool unit {@code pool-s}'s shard and scoring unit {@code score-s}'s table for each
   * {@code members.get(s)} (uids in shard order); {@code copy} names the rows captioned as second
   * copies, {@code score} gives a row's score from its uid number and whether it is a copy.
   */
  private static Pool pool(Path dir, List<List<Integer>> members, BiPredicate<Integer, Integer> copy,
      BiFunction<Integer, Boolean, Float> score) throws Exception {
    Random rng = new Random(11); // the images' pixels
    List<String> scoreIds = new ArrayList<>();
    List<ShardRef> shards = new ArrayList<>();
    for (int s = 0; s < members.size(); s++) {
      List<PoolSample> rows = new ArrayList<>();
      List<String> uids = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      for (int i : members.get(s)) {
        boolean second = copy.test(s, i);
        rows.add(sample(i, (second ? "second copy of " : "caption ") + i, rng));
        uids.add(uid(i));
        scores.add(score.apply(i, second));
      }
      CurateInStepTest.writeShard(dir, "pool-" + s, rows, Map.of());
      CurateInStepTest.writeScores(dir, "score-" + s, uids, scores);
      scoreIds.add("score-" + s);
      shards.add(ShardRef.ofUnit("pool-" + s, "shard.parquet"));
    }
    return new Pool(scoreIds, shards);
  }

  @Test
  void threeShardsJoinInShardOrderWithASecondCopyCountedOnce() throws Exception {
    Path dir = tmp.resolve("run");
    RunDir run = RunDir.at(dir.toUri().toString(), new Configuration());
    // Shard 0: even uids 0..38; shard 1: odd uids 1..39 and a second copy of uid 4 scored 0.99;
    // shard 2: uids 40..44, all scored low. Pair i scores i/40 - 0.5.
    List<List<Integer>> members = members(3, 40, i -> i % 2);
    members.get(1).add(10, 4);
    for (int i = 40; i < 45; i++) {
      members.get(2).add(i);
    }
    members.get(2).add(2, 0); // a second copy of uid 0, a gallery pick (one of the lowest scores)
    Pool pool = pool(dir, members, (s, i) -> s == 1 && i == 4 || s == 2 && i == 0,
        (i, copy) -> copy ? 0.99f : i >= 40 ? -0.9f : i / 40f - 0.5f);

    CurateInStepTest.Curation c = CurateInStepTest.curate(run, pool.scoreIds(), pool.shards(), 0.25,
        CaptionDecoding.REPLACE);

    UnitResult r = c.last();
    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(UnitStatus.COMMITTED);
    // 45 distinct pairs; the top quarter (12) is uids 28..39, six from each of the first two shards.
    Map<String, Double> metrics = UnitRecordCodec.read(run, UnitCodec.idOf(c.curate())).metrics();
    assertThat(metrics.get("scored")).isEqualTo(45.0);
    assertThat(metrics.get("duplicate_uids")).isEqualTo(2.0);
    assertThat(metrics.get("kept")).isEqualTo(12.0);
    assertThat(UnitRecordCodec.read(run, UnitCodec.idOf(c.keeps().get(1))).metrics())
        .containsEntry("kept", 6.0).containsEntry("duplicate_uids", 1.0).containsEntry("scored", 20.0);
    assertThat(UnitRecordCodec.read(run, UnitCodec.idOf(c.keeps().get(2))).metrics()).containsEntry("kept", 0.0);

    Path out = unitDir(dir, c.curate());
    List<String> curated = new ArrayList<>();
    ScoreTables.forEachScore(new org.apache.hadoop.fs.Path(out.resolve(DfnCurateUnit.CURATED_FILE).toUri()),
        new Configuration(), (uid, s) -> curated.add(uid));
    List<String> expected = new ArrayList<>();
    for (int i = 28; i < 40; i += 2) {
      expected.add(uid(i));
    }
    for (int i = 29; i < 40; i += 2) {
      expected.add(uid(i));
    }
    assertThat(curated).as("kept pairs in shard order").containsExactlyElementsOf(expected);

    List<String> npy;
    try (InputStream in = Files.newInputStream(out.resolve(DfnCurateUnit.UIDS_FILE))) {
      npy = UidArray.read(in, "uids.npy");
    }
    assertThat(npy).containsExactlyElementsOf(expected.stream().sorted(Comparator.naturalOrder()).toList());

    List<String> tars = Files.readAllLines(out.resolve(DfnCurateUnit.SHARDS_FILE));
    int shards = 0;
    for (var k : c.keeps()) {
      shards += CurateInStepTest.keptShards(unitDir(dir, k)).size();
    }
    assertThat(tars).as("every keep unit's kept shards").hasSize(shards).hasSizeGreaterThan(3);
    List<String> inTars = new ArrayList<>();
    for (String t : tars) {
      assertThat(t).as("relative to shards.txt").startsWith("../");
      List<String> pairs = CurateInStepTest.tarPairs(out.resolve(t)).stream().map(p -> p.uid()).toList();
      assertThat(pairs).hasSizeBetween(1, CurateInStepTest.KEPT_SHARD);
      inTars.addAll(pairs);
    }
    assertThat(inTars).containsExactlyElementsOf(expected);

    Gallery g = Gallery.read(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.resolve(Gallery.FILE).toUri()));
    assertThat(g.entries()).isNotEmpty();
    assertThat(g.entries().get(0).uid()).as("the top pick: the highest score but the copy's").isEqualTo(uid(39));
    for (Gallery.Entry e : g.entries()) {
      assertThat(out.resolve(e.thumbnail())).as(e.uid() + "'s thumbnail").isRegularFile();
      assertThat(e.caption()).doesNotStartWith("second copy");
    }
    assertThat(g.entries()).filteredOn(e -> e.uid().equals(uid(0))).singleElement()
        .as("a pick two shards hold: shown as the first shard has it").extracting(Gallery.Entry::caption)
        .isEqualTo("caption 0");
  }

  @Test
  void anAbsoluteThresholdKeepsEveryPairAtOrAboveIt() throws Exception {
    Path dir = tmp.resolve("run-absolute");
    RunDir run = RunDir.at(dir.toUri().toString(), new Configuration());
    List<List<Integer>> members = members(2, 20, i -> i % 2);
    members.get(1).add(0, 18); // a second copy of uid 18 (shard 0's), scored highest: counted and kept once
    Pool pool = pool(dir, members, (s, i) -> s == 1 && i == 18, (i, copy) -> copy ? 0.99f : i / 20f);

    CurateInStepTest.Curation c = CurateInStepTest.curate(run, new DfnThresholdUnit(pool.scoreIds(), 0.3, 0.6),
        pool.shards(), CaptionDecoding.REPLACE);

    UnitResult r = c.last();
    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(UnitStatus.COMMITTED);
    Map<String, Double> metrics = UnitRecordCodec.read(run, UnitCodec.idOf(c.curate())).metrics();
    assertThat(metrics.get("threshold")).as("the fraction is not used").isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(metrics.get("scored")).isEqualTo(20.0);
    assertThat(metrics.get("duplicate_uids")).isEqualTo(1.0);
    assertThat(metrics.get("kept")).as("uids 12..19: i / 20 >= 0.6").isEqualTo(8.0);
  }

  @Test
  void aJoinWhoseKeepUnitsDisagreeWithTheThresholdFails() throws Exception {
    Path dir = tmp.resolve("run-bad");
    RunDir run = RunDir.at(dir.toUri().toString(), new Configuration());
    List<List<Integer>> members = members(2, 16, i -> i < 10 ? 0 : 1); // 10 pairs, then 6
    Pool pool = pool(dir, members, (s, i) -> false, (i, copy) -> i / 20f);
    CurateInStepTest.Curation c = CurateInStepTest.curate(run, pool.scoreIds(), pool.shards(), 0.5,
        CaptionDecoding.REPLACE);
    assertThat(c.last().status()).isEqualTo(UnitStatus.COMMITTED);
    // A join listing the first shard's keep unit twice: its counts no longer add up to the threshold's.
    String first = UnitCodec.idOf(c.keeps().get(0));
    UnitResult r = CurateInStepTest.execute(run, new DfnCurateUnit(UnitCodec.idOf(c.threshold()), List.of(first, first),
        List.of()));
    assertThat(r.status()).isNotEqualTo(UnitStatus.COMMITTED);
    assertThat(r.error()).contains("the keep units counted 20 pairs and 0 second copies, the threshold unit 16 and 0");
  }
}
