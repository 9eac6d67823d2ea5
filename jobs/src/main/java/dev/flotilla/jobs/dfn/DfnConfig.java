package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.dfn.LabeledFolder;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.PretrainedClip;
import dev.flotilla.datafiltering.pool.BasicFilter;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.ImageHeader;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolShards;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.jobs.config.ConfigReader;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Every {@code dfn.*} key of a job, typed and validated (see {@code dfn.conf} for what each means).
 *
 * @param dataDir        Fashion-MNIST folder: the pool's images, the high-quality set, the test images
 * @param model          the filtering network the job trains, also the downstream model
 * @param pretrained     a user's TorchScript CLIP scoring the pool instead (then nothing is trained), or null
 * @param train          the filtering network's training
 * @param scoreBatchSize pairs per scoring batch
 * @param scoreDevice    where scoring runs ({@code dfn.score.device})
 * @param basicFilter    DataComp's basic filter before scoring, or null (disabled)
 */
public record DfnConfig(String dataDir, Pool pool, ClipSpec model, PretrainedClip pretrained, Training train,
    int scoreBatchSize, DeviceChoice scoreDevice, BasicFilter basicFilter, Curation curation, Downstream downstream) {

  /**
   * {@code dfn.pool}: the pool the job builds, or an existing one ({@code inputShards} listed from
   * {@code dfn.pool.input}, with its ground truth {@code truth} or null), and what readers do with
   * captions that are not UTF-8.
   */
  public record Pool(long samples, int shardSize, int hqImages, List<Double> styles, long seed, String format,
      List<String> inputShards, String truth, CaptionDecoding invalidUtf8) {

    public Pool {
      styles = List.copyOf(styles);
      inputShards = List.copyOf(inputShards);
    }

    /** True when the job scores an existing pool instead of building one. */
    public boolean external() {
      return !inputShards.isEmpty();
    }
  }

  /**
   * {@code dfn.train}: steps and batch size of the filtering network's training, and the user's
   * high-quality set ({@code hq} as given, {@code hqShards} listed from it; null and empty for the
   * Fashion-MNIST set).
   */
  public record Training(long steps, int batchSize, String hq, List<String> hqShards) {

    public Training {
      hqShards = List.copyOf(hqShards);
    }
  }

  /** What is kept: the global top {@code keepFraction}, or every score >= {@code threshold} if set. */
  public record Curation(double keepFraction, Double threshold, int keptShardSize) {}

  /**
   * {@code dfn.downstream}: subsets to train on, steps, batch size, Fashion-MNIST test images (0 =
   * all), the user's zero-shot folder (qualified) or null for Fashion-MNIST, and why the step is
   * skipped (a pool that is not Fashion-MNIST and no folder) or null.
   */
  public record Downstream(List<String> subsets, long steps, int batchSize, int testLimit, String zeroShot,
      String skipped) {

    public Downstream {
      subsets = List.copyOf(subsets);
    }
  }

  /** The subsets that can run: none when the step is skipped; the oracle needs the pool's ground truth. */
  public List<String> runnableSubsets() {
    if (downstream.skipped() != null) {
      return List.of();
    }
    boolean noTruth = pool.external() && pool.truth() == null;
    return downstream.subsets().stream().filter(s -> !(s.equals("oracle") && noTruth)).toList();
  }

  /** Reads and checks {@code dfn.*}; lists an existing pool's shards (a missing pool fails here). */
  public static DfnConfig read(ConfigReader c) {
    String dataDir = c.nonBlank("dfn.data.dir");
    int available;
    try {
      available = FashionMnist.trainSize(dataDir, dev.flotilla.jobs.config.PlanTimeHadoop.of(c.config()));
    } catch (IOException e) {
      throw failed(c, "dfn.data.dir", e);
    }
    Pool pool = pool(c, available);
    // Before the TorchScript file is loaded: a set that cannot be used says so first.
    Training train = TrainingConfig.read(c,
        c.oneOf("dfn.model.source", List.of("trained", "torchscript")).equals("torchscript"));
    PretrainedClip pretrained = PretrainedConfig.read(c);
    Curation curation = new Curation(c.fraction("dfn.keep-fraction"),
        c.has("dfn.threshold") ? c.doubleIn("dfn.threshold", -1, 1) : null, c.intAtLeast("dfn.kept-shard-size", 1));
    DeviceChoice device = DeviceChoice.parse(c.oneOf("dfn.score.device",
        java.util.Arrays.stream(DeviceChoice.values()).map(DeviceChoice::configName).toList()));
    Downstream downstream = downstream(c, pool);
    // The built-in network trains unless a TorchScript model scores and no subset is evaluated.
    boolean builtIn = pretrained == null || !downstream.subsets().isEmpty();
    return new DfnConfig(dataDir, pool, DfnModelConfig.read(c, builtIn), pretrained, train,
        c.intAtLeast("dfn.score.batch-size", 1), device, basicFilter(c), curation, downstream);
  }

  private static Pool pool(ConfigReader c, int available) {
    int hq = c.intAtLeast("dfn.pool.hq-images", 1);
    if (hq >= available) {
      throw c.error("dfn.pool.hq-images", "must be in [1, " + (available - 1) + "] (the rest of the "
          + available + " training images feed the pool)");
    }
    List<Double> styles = c.doubleList("dfn.pool.styles", 0, 1, true);
    if (styles.size() != 4 || Math.abs(styles.stream().mapToDouble(Double::doubleValue).sum() - 1) > 1e-6) {
      throw c.error("dfn.pool.styles", "must be 4 probabilities (correct, mismatched, boilerplate, partly wrong) "
          + "summing to 1");
    }
    String formatName = c.nonBlank("dfn.pool.format");
    String format;
    try {
      format = PoolFormat.parse(formatName).configName();
    } catch (IllegalArgumentException e) {
      throw c.error("dfn.pool.format", e.getMessage());
    }
    Configuration hadoop = new Configuration(); // HADOOP_CONF_DIR, as for any Hadoop client
    List<String> shards = List.of();
    if (c.has("dfn.pool.input")) {
      try {
        shards = PoolShards.list(c.nonBlank("dfn.pool.input"), hadoop).stream().map(Path::toString).toList();
      } catch (IOException e) {
        throw failed(c, "dfn.pool.input", e);
      }
    }
    CaptionDecoding invalidUtf8 = CaptionDecoding.parse(c.oneOf("dfn.pool.invalid-utf8",
        java.util.Arrays.stream(CaptionDecoding.values()).map(CaptionDecoding::configName).toList()));
    return new Pool(c.longAtLeast("dfn.pool.samples", 1), c.intAtLeast("dfn.pool.shard-size", 1), hq, styles,
        c.longAtLeast("dfn.pool.seed", Long.MIN_VALUE), format, shards, truth(c, hadoop), invalidUtf8);
  }

  /** The existing pool's ground truth, qualified (e.g. {@code file:/...}), or null. */
  private static String truth(ConfigReader c, Configuration hadoop) {
    if (!c.has("dfn.pool.truth")) {
      return null;
    }
    String truth = c.nonBlank("dfn.pool.truth");
    if (!c.has("dfn.pool.input")) {
      throw c.error("dfn.pool.truth", "only for an existing pool (dfn.pool.input); a built pool writes its own "
          + "ground truth");
    }
    try {
      Path p = new Path(truth);
      GroundTruth.files(p, hadoop); // exists, and is a .tsv file or a directory holding some
      return p.getFileSystem(hadoop).makeQualified(p).toString();
    } catch (IOException e) {
      throw failed(c, "dfn.pool.truth", e);
    }
  }

  private static BasicFilter basicFilter(ConfigReader c) {
    if (!c.bool("dfn.basic-filter.enabled")) {
      return null;
    }
    return new BasicFilter(c.intAtLeast("dfn.basic-filter.min-words", 0),
        c.intAtLeast("dfn.basic-filter.min-chars", 0), c.intAtLeast("dfn.basic-filter.min-side", 0),
        c.doubleIn("dfn.basic-filter.max-aspect", 1, Double.POSITIVE_INFINITY));
  }

  private static Downstream downstream(ConfigReader c, Pool pool) {
    List<String> subsets = c.stringList("dfn.downstream.subsets", false);
    for (String s : subsets) {
      if (!DfnDownstreamUnit.SUBSETS.contains(s)) {
        throw c.error("dfn.downstream.subsets", "unknown subset '" + s + "'; known: " + DfnDownstreamUnit.SUBSETS);
      }
    }
    Configuration hadoop = new Configuration();
    String zeroShot = null;
    String skipped = null;
    if (c.has("dfn.downstream.zero-shot")) {
      try {
        Path dir = new Path(c.nonBlank("dfn.downstream.zero-shot"));
        LabeledFolder.classes(dir.toString(), hadoop);
        zeroShot = dir.getFileSystem(hadoop).makeQualified(dir).toString();
      } catch (IOException e) {
        throw failed(c, "dfn.downstream.zero-shot", e);
      }
    } else if (pool.external() && !subsets.isEmpty()) {
      skipped = notFashionMnist(pool.inputShards(), hadoop);
    }
    return new Downstream(subsets, c.longAtLeast("dfn.downstream.steps", 1),
        c.intAtLeast("dfn.downstream.batch-size", 1), c.intAtLeast("dfn.downstream.test-limit", 0), zeroShot, skipped);
  }

  /**
   * Why an existing pool is not Fashion-MNIST-like (its first readable image is not 28x28), so
   * zero-shot on the Fashion-MNIST test set would say nothing about it; null when it is, or when
   * no shard has a readable pair (unknown: the scoring units count what is wrong).
   */
  private static String notFashionMnist(List<String> shards, Configuration hadoop) {
    for (String shard : shards) {
      try (PoolReader r = PoolFormat.open(new Path(shard), hadoop)) {
        if (!r.hasNext()) {
          continue;
        }
        var header = ImageHeader.read(r.next().image());
        if (header.isPresent() && header.get().width() == 28 && header.get().height() == 28) {
          return null;
        }
        return "the pool is not Fashion-MNIST (its first image, in " + shard + ", is "
            + header.map(h -> h.width() + "x" + h.height()).orElse("not PNG/JPEG")
            + ", not 28x28) and no labelled folder was given (dfn.downstream.zero-shot)";
      } catch (IOException e) {
        continue; // unreadable here: its scoring unit will say so
      }
    }
    return null;
  }

  /** An error naming the key, its value and what went wrong reading it. */
  private static IllegalArgumentException failed(ConfigReader c, String key, IOException e) {
    IllegalArgumentException x = c.error(key, e.getMessage());
    x.initCause(e);
    return x;
  }
}
