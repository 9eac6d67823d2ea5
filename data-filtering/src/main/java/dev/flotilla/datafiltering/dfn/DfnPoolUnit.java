package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.PoolFiles;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.datafiltering.pool.PoolWriter;
import dev.flotilla.executors.unit.UnitCache;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.executors.data.ImageData;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Writes pool shard {@code shard}: samples [first, first + size) of the noisy pool in
 * {@code format} ({@code webdataset} or {@code parquet}), and their ground truth (uid, style,
 * label) to a separate file that only the evaluation reads. Pool images come from training
 * images [imagesFrom, end), disjoint from the filtering network's high-quality set.
 */
public record DfnPoolUnit(int shard, long first, int size, String dataDir, int imagesFrom,
    List<Double> styleProbs, long poolSeed, String format) implements WorkUnit {

  public static final String KIND = "dfn-pool";
  public static final String TRUTH_FILE = "truth.tsv";

  public DfnPoolUnit {
    styleProbs = List.copyOf(styleProbs);
    PoolFormat.parse(format);
  }

  @Override public String kind() { return KIND; }
  @Override public String name() { return String.format("pool-%05d", shard); }
  @Override public double cost() { return size / 20_000.0; }

  /** The shard's file name in the unit's output: {@code shard.tar} or {@code shard.parquet}. */
  public String shardFile() {
    return "shard." + PoolFormat.parse(format).extension();
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    PoolMaker maker = new PoolMaker(PoolFiles.poolImages(ctx.cache(), dataDir, imagesFrom, ctx.hadoopConf()),
        styleProbs.stream().mapToDouble(Double::doubleValue).toArray(), poolSeed);
    long clean;
    try (PoolWriter out = PoolFormat.parse(format).create(new Path(ctx.outputDir(), shardFile()), ctx.hadoopConf());
         Writer truth = new OutputStreamWriter(ctx.fs().create(new Path(ctx.outputDir(), TRUTH_FILE), false),
             StandardCharsets.UTF_8)) {
      truth.write(GroundTruth.HEADER + "\n");
      clean = maker.writeShard(first, size, out, truth);
    }
    return UnitOutput.of(new PoolResult(size, clean));
  }
}
