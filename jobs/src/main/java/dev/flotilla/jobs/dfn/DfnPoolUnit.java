package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.datafiltering.pool.WebDatasetWriter;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.sweep.ImageData;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Writes pool shard {@code shard}: samples [first, first + size) of the noisy pool as a
 * WebDataset tar, and their ground truth (uid, style, label) to a separate file that only the
 * evaluation reads. Pool images come from training images [imagesFrom, end), disjoint from the
 * filtering network's high-quality set.
 */
public record DfnPoolUnit(int shard, long first, int size, String dataDir, int imagesFrom,
    List<Double> styleProbs, long poolSeed) implements WorkUnit {

  public static final String KIND = "dfn-pool";
  public static final String SHARD_FILE = "shard.tar";
  public static final String TRUTH_FILE = "truth.tsv";

  @Override public String kind() { return KIND; }
  @Override public String name() { return String.format("pool-%05d", shard); }
  @Override public double cost() { return size / 20_000.0; }

  /** Receives one ground-truth row. */
  interface TruthRow {
    void accept(String uid, boolean clean);
  }

  /** Streams the ground truth of committed pool shards (evaluation only). */
  static void forEachTruth(org.apache.hadoop.fs.FileSystem fs, List<Path> shardDirs, TruthRow sink)
      throws java.io.IOException {
    for (Path dir : shardDirs) {
      try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
          fs.open(new Path(dir, TRUTH_FILE)), StandardCharsets.UTF_8))) {
        r.readLine(); // header: uid, style, label
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.split("\t");
          sink.accept(f[0], "CORRECT".equals(f[1]));
        }
      }
    }
  }

  static LabeledImages poolImages(String dataDir, int imagesFrom) throws java.io.IOException {
    LabeledImages all = ImageData.train(dataDir, 0);
    return all.tail(imagesFrom);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    PoolMaker maker = new PoolMaker(poolImages(dataDir, imagesFrom),
        styleProbs.stream().mapToDouble(Double::doubleValue).toArray(), poolSeed);
    long clean = 0;
    try (OutputStream tarOut = ctx.fs().create(new Path(ctx.outputDir(), SHARD_FILE), false);
         WebDatasetWriter tar = new WebDatasetWriter(tarOut);
         PrintWriter truth = new PrintWriter(new java.io.OutputStreamWriter(
             ctx.fs().create(new Path(ctx.outputDir(), TRUTH_FILE), false), StandardCharsets.UTF_8))) {
      truth.println("uid\tstyle\tlabel");
      for (long i = first; i < first + size; i++) {
        PoolMaker.Made m = maker.make(i);
        tar.write(m.sample());
        truth.println(m.sample().uid() + "\t" + m.style() + "\t" + m.label());
        clean += m.style() == dev.flotilla.datafiltering.pool.CaptionStyle.CORRECT ? 1 : 0;
      }
    }
    return UnitOutput.builder().metric("samples", size).metric("clean", clean).build();
  }
}
