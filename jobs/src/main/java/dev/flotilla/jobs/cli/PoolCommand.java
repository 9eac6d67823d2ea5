package dev.flotilla.jobs.cli;

import dev.flotilla.datafiltering.curation.UidList;
import dev.flotilla.datafiltering.pool.PoolFiles;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolShards;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.datafiltering.pool.SkipCounts;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flotilla pool make|convert|reshard}: image-text pools as files, outside a run. */
@Command(name = "pool", description = "Build a noisy image-text pool, convert pool shards between formats, or "
    + "reshard a subset.", subcommands = {PoolCommand.Make.class, PoolCommand.Convert.class, PoolCommand.Reshard.class})
final class PoolCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "make", description = "Build a noisy pool from Fashion-MNIST (captions correct, mismatched, "
      + "boilerplate or partly wrong; copies beyond the images augmented), ground truth in a separate TSV.")
  static final class Make implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output directory of the shards (any Hadoop FS URI)")
    String out;
    @Option(names = "--truth", description = "ground-truth TSV (default: <out>.truth.tsv, beside the shards)")
    String truth;
    @Option(names = "--samples", required = true, description = "pairs in the pool, e.g. 10000 .. 10000000")
    long samples;
    @Option(names = "--shard-size", defaultValue = "10000", description = "pairs per shard (default ${DEFAULT-VALUE})")
    int shardSize;
    @Option(names = "--format", defaultValue = "webdataset", description = "webdataset or parquet (default ${DEFAULT-VALUE})")
    String format;
    @Option(names = "--styles", defaultValue = "0.4,0.25,0.2,0.15", split = ",",
        description = "probabilities of correct, mismatched, boilerplate, partly wrong captions")
    List<Double> styles;
    @Option(names = "--seed", defaultValue = "7", description = "pool seed (default ${DEFAULT-VALUE}, as dfn.pool.seed)")
    long seed;
    @Option(names = "--hq-images", defaultValue = "10000",
        description = "training images [0, N) left out of the pool for the filtering network (default ${DEFAULT-VALUE})")
    int hqImages;
    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", description = "Fashion-MNIST directory")
    String data;
    @Option(names = "--threads", defaultValue = "2", description = "shards written in parallel (default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
      String truthFile = truth != null ? truth : out.replaceAll("/+$", "") + ".truth.tsv";
      long t0 = System.nanoTime();
      long clean = PoolFiles.make(new PoolFiles.MakeSpec(data, hqImages, samples, shardSize, styles, seed,
          PoolFormat.parse(format), out, truthFile, threads), new Configuration(), System.err);
      System.out.printf("pool: %,d pairs (%,d clean) in %s as %s, ground truth in %s (%.1f s)%n", samples, clean,
          out, format, truthFile, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }

  @Command(name = "convert", description = "Convert pool shards (a file, directory or glob of .tar/.parquet) "
      + "to another format, one output shard per input shard; bad samples are counted, not copied.")
  static final class Convert implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "shards to read")
    String in;
    @Parameters(index = "1", paramLabel = "OUT", description = "output directory")
    String out;
    @Option(names = "--to", required = true, description = "webdataset or parquet")
    String to;
    @Option(names = "--threads", defaultValue = "2", description = "shards converted in parallel")
    int threads;

    @Override
    public Integer call() throws Exception {
      SkipCounts skipped = PoolFiles.convert(in, out, PoolFormat.parse(to), threads, new Configuration(), System.err);
      System.out.printf("converted %s to %s in %s; skipped: %s%n", in, to, out,
          skipped.total() == 0 ? "none" : skipped.toString());
      return 0;
    }
  }

  @Command(name = "reshard", description = "Write the pairs of a pool whose uids are listed (a DataComp uids.npy, "
      + "e.g. a dfn run's curated subset, or a text file of hex uids) into new shards of a given size.")
  static final class Reshard implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "POOL", description = "shards to read (a file, directory or glob of .tar/.parquet)")
    String in;
    @Parameters(index = "1", paramLabel = "OUT", description = "output directory (must not exist)")
    String out;
    @Option(names = "--uids", required = true, description = "uids.npy (u8,u8) or a text file, one 32-hex uid a line")
    String uids;
    @Option(names = "--shard-size", defaultValue = "10000", description = "pairs per new shard (default ${DEFAULT-VALUE})")
    int shardSize;
    @Option(names = "--format", defaultValue = "webdataset", description = "webdataset or parquet (default ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() throws Exception {
      Configuration conf = new Configuration();
      if (shardSize < 1) {
        throw new IllegalArgumentException("--shard-size must be >= 1, got " + shardSize);
      }
      PoolFormat f = PoolFormat.parse(format);
      Path outDir = new Path(out);
      if (outDir.getFileSystem(conf).exists(outDir)) {
        throw new IllegalArgumentException("--out " + out + " exists; reshard writes a new directory");
      }
      UidSet keep = new UidSet();
      for (String uid : UidList.read(uids, conf)) {
        keep.add(uid);
      }
      PoolShards.Resharded r = PoolShards.reshard(PoolShards.list(in, conf), keep, outDir, f, shardSize, conf);
      System.out.printf("resharded %,d of %,d listed pairs into %d %s shards in %s; not found: %,d, second copies "
          + "left out: %,d, skipped: %s%n", r.written(), keep.size(), r.shards().size(), format, out, r.notFound(),
          r.duplicates(), r.skipped().total() == 0 ? "none" : r.skipped().toString());
      return 0;
    }
  }
}
