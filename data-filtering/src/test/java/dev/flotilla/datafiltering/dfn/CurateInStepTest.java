package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.GrayPng;
import dev.flotilla.datafiltering.pool.ParquetPoolWriter;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.WebDatasetReader;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keep unit walks its shard in step with the shard's score table: the pairs at or above the
 * threshold unit's threshold are kept with their own caption and image, a second copy within the shard and a pair the
 * scoring unit left out are passed over, and a shard that lost a scored pair after scoring fails
 * the unit with a line naming the shard and the pair.
 */
class CurateInStepTest {

  static final String POOL = "pool-unit";
  static final String SCORE = "score-unit";
  static final int SCORED = 40;
  /** Kept pairs per kept shard in these tests: small, so the kept shards roll over. */
  static final int KEPT_SHARD = 4;

  @TempDir Path tmp;

  static String uid(int i) {
    return String.format("%032x", 1_000_003L * (i + 1));
  }

  static PoolSample sample(int i, String caption, Random rng) {
    byte[] px = new byte[8 * 8];
    rng.nextBytes(px);
    return new PoolSample(uid(i), uid(i), GrayPng.encode(px, 8, 8), "png", caption, null);
  }

  /** A run dir whose pool shard holds {@code rows} and whose scoring unit scored uids 0..39 in order. */
  private RunDir runWith(Path dir, List<PoolSample> rows) throws Exception {
    return runWith(dir, rows, Map.of());
  }

  /** As above, with the caption of row {@code r} written as the raw bytes {@code rawCaptions.get(r)}. */
  private RunDir runWith(Path dir, List<PoolSample> rows, Map<Integer, byte[]> rawCaptions) throws Exception {
    RunDir run = RunDir.at(dir.toUri().toString(), new Configuration());
    writeShard(dir, POOL, rows, rawCaptions);
    List<String> uids = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    for (int i = 0; i < SCORED; i++) {
      uids.add(uid(i));
      scores.add(i / (float) SCORED - 0.5f); // uid 39 scores highest
    }
    writeScores(dir, SCORE, uids, scores);
    return run;
  }

  /** Pool unit {@code unitId}'s committed shard {@code shard.parquet}, holding {@code rows}. */
  static void writeShard(Path dir, String unitId, List<PoolSample> rows, Map<Integer, byte[]> rawCaptions)
      throws Exception {
    Files.createDirectories(dir.resolve("units").resolve(unitId));
    SimpleGroupFactory groups = new SimpleGroupFactory(ParquetPoolWriter.SCHEMA);
    try (ParquetWriter<Group> out = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(
        dir.resolve("units").resolve(unitId).resolve("shard.parquet").toUri())).withConf(new Configuration())
        .withType(ParquetPoolWriter.SCHEMA).build()) {
      for (int r = 0; r < rows.size(); r++) {
        PoolSample s = rows.get(r);
        byte[] caption = rawCaptions.getOrDefault(r, s.text().getBytes(StandardCharsets.UTF_8));
        out.write(groups.newGroup().append("uid", s.uid()).append("image", Binary.fromConstantByteArray(s.image()))
            .append("text", Binary.fromConstantByteArray(caption)).append("key", s.key()));
      }
    }
  }

  /** Scoring unit {@code unitId}'s committed score table: {@code uids} with {@code scores}, in order. */
  static void writeScores(Path dir, String unitId, List<String> uids, List<Float> scores) throws Exception {
    Files.createDirectories(dir.resolve("units").resolve(unitId));
    try (ScoreTables.Writer out = new ScoreTables.Writer(new org.apache.hadoop.fs.Path(
        dir.resolve("units").resolve(unitId).resolve(DfnScoreUnit.SCORES_FILE).toUri()), new Configuration(),
        ScoreTables.SCORES)) {
      for (int i = 0; i < uids.size(); i++) {
        out.score(uids.get(i), scores.get(i));
      }
    }
  }

  static UnitResult execute(RunDir run, WorkUnit unit) {
    String id = UnitCodec.idOf(unit);
    return UnitRunner.run(new UnitTask(id, unit.kind(), unit.name(), UnitCodec.toJson(unit), 0, 1,
        UnitCodec.seedOf(7, id), run.uri(), 1000, Map.of()), 0, "test");
  }

  /** The three steps of a curation and what each returned (null: not run, an earlier step failed). */
  record Curation(DfnThresholdUnit threshold, List<DfnKeepUnit> keeps, DfnCurateUnit curate,
      UnitResult thresholdResult, List<UnitResult> keepResults, UnitResult curateResult) {

    /** The first step that did not commit, or the curation's result. */
    UnitResult last() {
      if (thresholdResult.status() != UnitStatus.COMMITTED) {
        return thresholdResult;
      }
      for (UnitResult k : keepResults) {
        if (k.status() != UnitStatus.COMMITTED) {
          return k;
        }
      }
      return curateResult;
    }
  }

  /** Threshold, keep units (shard i scored by scoreIds.get(i)) and the join, as the planner chains them. */
  static Curation curate(RunDir run, List<String> scoreIds, List<ShardRef> shards, double keep,
      CaptionDecoding captions) {
    return curate(run, new DfnThresholdUnit(scoreIds, keep, null), shards, captions);
  }

  /** As above, with the threshold unit given (an absolute threshold, say). */
  static Curation curate(RunDir run, DfnThresholdUnit t, List<ShardRef> shards, CaptionDecoding captions) {
    List<String> scoreIds = t.scoreUnitIds();
    UnitResult tr = execute(run, t);
    List<DfnKeepUnit> keeps = new ArrayList<>();
    List<UnitResult> keepResults = new ArrayList<>();
    for (int i = 0; i < scoreIds.size(); i++) {
      keeps.add(new DfnKeepUnit(UnitCodec.idOf(t), scoreIds.get(i), shards.get(i), i, captions, KEPT_SHARD));
      if (tr.status() == UnitStatus.COMMITTED) {
        keepResults.add(execute(run, keeps.get(i)));
      }
    }
    DfnCurateUnit c = new DfnCurateUnit(UnitCodec.idOf(t), keeps.stream().map(UnitCodec::idOf).toList(), List.of());
    boolean kept = tr.status() == UnitStatus.COMMITTED
        && keepResults.stream().allMatch(k -> k.status() == UnitStatus.COMMITTED);
    return new Curation(t, keeps, c, tr, keepResults, kept ? execute(run, c) : null);
  }

  private static Curation topQuarter(RunDir run) {
    return topQuarter(run, CaptionDecoding.REPLACE);
  }

  private static Curation topQuarter(RunDir run, CaptionDecoding captions) {
    return curate(run, List.of(SCORE), List.of(ShardRef.ofUnit(POOL, "shard.parquet")), 0.25, captions);
  }

  /** The pairs of the tar at {@code tar}, in order. */
  static List<PoolSample> tarPairs(Path tar) throws Exception {
    List<PoolSample> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tar); WebDatasetReader r = new WebDatasetReader(in)) {
      while (r.hasNext()) {
        out.add(r.next());
      }
    }
    return out;
  }

  /** The kept pairs' captions, in the order of the first keep unit's shards. */
  private static List<String> keptCaptions(Path runDir, Curation c) throws Exception {
    return keptPairs(unitDir(runDir, c.keeps().get(0))).stream().map(PoolSample::text).toList();
  }

  /** A keep unit's kept pairs: its kept shards' pairs, shard after shard. */
  static List<PoolSample> keptPairs(Path keepUnitDir) throws Exception {
    List<PoolSample> out = new ArrayList<>();
    for (Path tar : keptShards(keepUnitDir)) {
      out.addAll(tarPairs(tar));
    }
    return out;
  }

  /** A keep unit's kept shards, in name order. */
  static List<Path> keptShards(Path keepUnitDir) throws Exception {
    Path dir = keepUnitDir.resolve(DfnKeepUnit.KEPT_DIR);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tar")).sorted().toList();
    }
  }

  static Path unitDir(Path runDir, WorkUnit unit) {
    return runDir.resolve("units").resolve(UnitCodec.idOf(unit));
  }

  @Test
  void theShardIsReadWithTheScoringUnitsCaptionPolicy() throws Exception {
    // Under dfn.pool.invalid-utf8 = skip the scoring unit never saw the first copy of pair 36 (a
    // Latin-1 caption) and scored the second: the curation must keep that one, not the first.
    Random rng = new Random(5);
    List<PoolSample> rows = new ArrayList<>();
    int latin1Row = -1;
    for (int i = 0; i < SCORED; i++) {
      if (i == 36) {
        latin1Row = rows.size();
        rows.add(sample(36, "unused", rng));
      }
      rows.add(sample(i, "caption " + i, rng));
    }
    RunDir run = runWith(tmp.resolve("run-skip"), rows,
        Map.of(latin1Row, "café".getBytes(StandardCharsets.ISO_8859_1)));
    Curation c = topQuarter(run, CaptionDecoding.SKIP);

    UnitResult r = c.last();

    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(UnitStatus.COMMITTED);
    List<String> expected = new ArrayList<>();
    for (int i = 30; i < SCORED; i++) {
      expected.add("caption " + i);
    }
    assertThat(keptCaptions(tmp.resolve("run-skip"), c)).containsExactlyElementsOf(expected);
    assertThat(UnitCodec.toJson(new DfnKeepUnit("t", SCORE, ShardRef.ofUnit(POOL, "shard.parquet"), 0,
        CaptionDecoding.REPLACE, KEPT_SHARD))).as("the default stays out of the unit's JSON (and id)").doesNotContain("invalidUtf8");
  }

  @Test
  void keepsTheTopPairsOnceWithTheirOwnCaptions() throws Exception {
    Random rng = new Random(3);
    List<PoolSample> rows = new ArrayList<>();
    for (int i = 0; i < SCORED; i++) {
      rows.add(sample(i, "caption " + i, rng));
      if (i == 20) {
        rows.add(sample(SCORED, "a pair the scoring unit left out", rng)); // e.g. an image it could not decode
      }
      if (i == 37) {
        rows.add(sample(35, "a second copy of pair 35", rng)); // not scored again: passed over
      }
    }
    RunDir run = runWith(tmp.resolve("run"), rows);
    Curation c = topQuarter(run);

    UnitResult r = c.last();

    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(UnitStatus.COMMITTED);
    Map<String, Double> metrics = UnitRecordCodec.read(run, UnitCodec.idOf(c.curate())).metrics();
    assertThat(metrics.get("scored")).isEqualTo(SCORED);
    assertThat(metrics.get("kept")).isEqualTo(10.0);
    Path out = unitDir(tmp.resolve("run"), c.curate());
    List<String> texts = new ArrayList<>();
    List<String> uids = new ArrayList<>();
    ScoreTables.forEachScore(new org.apache.hadoop.fs.Path(out.resolve(DfnCurateUnit.CURATED_FILE).toUri()),
        new Configuration(), (uid, s) -> uids.add(uid));
    // Kept shards of KEPT_SHARD pairs, the last partial, as `flotilla pool reshard` writes them; all listed.
    Path keepDir = unitDir(tmp.resolve("run"), c.keeps().get(0));
    assertThat(keptShards(keepDir).stream().map(f -> {
      try {
        return tarPairs(f).size();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList()).containsExactly(4, 4, 2);
    assertThat(Files.readAllLines(out.resolve(DfnCurateUnit.SHARDS_FILE))).hasSize(3)
        .allSatisfy(line -> assertThat(out.resolve(line)).exists());
    for (PoolSample s : keptPairs(keepDir)) {
      texts.add(s.text());
      int i = uids.indexOf(s.uid());
      assertThat(s.image()).as("pair " + i + "'s own image").isEqualTo(rows.stream()
          .filter(p -> p.uid().equals(s.uid())).findFirst().orElseThrow().image());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 30; i < SCORED; i++) {
      expected.add("caption " + i);
    }
    assertThat(uids).containsExactly(expected.stream().map(t -> uid(Integer.parseInt(t.substring(8)))).toArray(String[]::new));
    assertThat(texts).containsExactlyElementsOf(expected);
  }

  @Test
  void aShardThatLostAScoredPairFailsNamingIt() throws Exception {
    Random rng = new Random(4);
    List<PoolSample> rows = new ArrayList<>();
    for (int i = 0; i < SCORED; i++) {
      if (i != 35) {
        rows.add(sample(i, "caption " + i, rng)); // pair 35 is gone since it was scored
      }
    }
    RunDir run = runWith(tmp.resolve("run-changed"), rows);

    Curation c = topQuarter(run);
    UnitResult r = c.last();

    assertThat(c.curateResult()).as("the curation does not run on a shard that failed").isNull();
    assertThat(r.status()).isNotEqualTo(UnitStatus.COMMITTED);
    assertThat(r.error()).contains("pool shard", "no longer holds pair " + uid(35), SCORE);
  }
}
