package dev.flotilla.datafiltering.pool;

import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Pools as plain files, outside a run: build a noisy Fashion-MNIST pool (the same pairs the dfn
 * job builds with the same settings) and convert shards between WebDataset and Parquet. Shards
 * are written in parallel, each streamed; the ground truth goes to one separate TSV file.
 */
public final class PoolFiles {

  /** What to build. Shards are {@code shard-NNNNN.<ext>} in {@code out}. */
  public record MakeSpec(String dataDir, int hqImages, long samples, int shardSize, List<Double> styles,
      long seed, PoolFormat format, String out, String truth, int threads) {

    public MakeSpec {
      if (samples < 1 || shardSize < 1 || threads < 1) {
        throw new IllegalArgumentException("samples, shard size and threads must be >= 1");
      }
      styles = List.copyOf(styles);
    }
  }

  private PoolFiles() {}

  /**
   * The images a pool draws from: training images [imagesFrom, end), disjoint from the filtering
   * network's high-quality set [0, imagesFrom).
   */
  public static LabeledImages poolImages(UnitCache cache, String dataDir, int imagesFrom, Configuration conf)
      throws IOException {
    LabeledImages all = ImageData.train(cache, dataDir, 0, conf);
    return all.tail(imagesFrom);
  }

  /** Builds the pool; returns the number of clean pairs. Refuses an output that exists. */
  public static long make(MakeSpec spec, Configuration conf, PrintStream log) throws Exception {
    Path out = new Path(spec.out());
    FileSystem fs = out.getFileSystem(conf);
    Path truth = new Path(spec.truth());
    if (fs.exists(out) || truth.getFileSystem(conf).exists(truth)) {
      throw new IllegalArgumentException("pool output " + out + " or truth " + truth + " exists; not overwriting");
    }
    fs.mkdirs(out);
    Path parts = new Path(out, "_truth-parts");
    LabeledImages images = poolImages(UnitCache.none(), spec.dataDir(), spec.hqImages(), conf);
    PoolMaker maker = new PoolMaker(images, spec.styles().stream().mapToDouble(Double::doubleValue).toArray(), spec.seed());
    int shards = (int) ((spec.samples() + spec.shardSize() - 1) / spec.shardSize());
    AtomicLong clean = new AtomicLong();
    AtomicLong done = new AtomicLong();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(spec.threads());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < shards; s++) {
        int shard = s;
        futures.add(pool.submit(() -> {
          long first = (long) shard * spec.shardSize();
          int size = (int) Math.min(spec.shardSize(), spec.samples() - first);
          Path file = new Path(out, String.format("shard-%05d.%s", shard, spec.format().extension()));
          try (PoolWriter w = spec.format().create(file, conf);
               Writer t = new OutputStreamWriter(fs.create(new Path(parts, String.format("%05d.tsv", shard)), false),
                   StandardCharsets.UTF_8)) {
            clean.addAndGet(maker.writeShard(first, size, w, t));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          long n = done.addAndGet(size);
          log.printf("pool: %s (%,d / %,d pairs, %,.0f pairs/s)%n", file.getName(), n, spec.samples(),
              n / ((System.nanoTime() - t0) / 1e9));
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // One ground-truth file, in shard order, apart from the pool.
    try (OutputStream t = truth.getFileSystem(conf).create(truth, false)) {
      t.write((GroundTruth.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
      for (int s = 0; s < shards; s++) {
        try (InputStream in = fs.open(new Path(parts, String.format("%05d.tsv", s)))) {
          in.transferTo(t);
        }
      }
    }
    fs.delete(parts, true);
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("samples", spec.samples());
    about.put("shard_size", spec.shardSize());
    about.put("shards", shards);
    about.put("format", spec.format().configName());
    about.put("seed", spec.seed());
    about.put("styles", spec.styles());
    about.put("hq_images_excluded", spec.hqImages());
    about.put("data_dir", spec.dataDir());
    about.put("clean", clean.get());
    about.put("truth", truth.toString());
    try (OutputStream o = fs.create(new Path(out, "_pool.json"), false)) {
      Json.FILES.writeValue(o, about);
    }
    return clean.get();
  }

  /**
   * Converts every shard at {@code in} (file, directory or glob) into {@code format}, one output
   * shard per input shard named after it, in {@code outDir}. Returns the skip counts summed.
   */
  public static SkipCounts convert(String in, String outDir, PoolFormat format, int threads, Configuration conf,
      PrintStream log) throws Exception {
    List<Path> shards = PoolShards.list(in, conf);
    Path out = new Path(outDir);
    out.getFileSystem(conf).mkdirs(out);
    SkipCounts total = new SkipCounts();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<PoolShards.Converted>> futures = new ArrayList<>();
      for (Path shard : shards) {
        String name = shard.getName();
        Path target = new Path(out, name.substring(0, name.lastIndexOf('.')) + "." + format.extension());
        futures.add(pool.submit(() -> {
          PoolShards.Converted c = PoolShards.convert(shard, target, format, conf);
          log.printf("convert: %s -> %s: %,d pairs, skipped %s%n", shard, target.getName(), c.samples(), c.skipped());
          return c;
        }));
      }
      for (Future<PoolShards.Converted> f : futures) {
        total.addAll(f.get().skipped());
      }
    } finally {
      pool.shutdownNow();
    }
    return total;
  }
}
