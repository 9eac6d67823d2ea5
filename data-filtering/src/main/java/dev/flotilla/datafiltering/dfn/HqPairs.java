package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.ImagePreprocessing;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.SkipCounts;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.executors.data.LabeledImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A user's high-quality set ({@code dfn.train.hq}): every usable pair of its WebDataset/Parquet
 * shards, preprocessed exactly as the scoring units preprocess the pool for the built-in network
 * ({@link ImagePreprocessing}), held in memory so training draws seeded random batches (a resumed
 * attempt sees the same batches). Pairs left out are counted per reason: unreadable image,
 * second copy of a uid, and whatever the readers could not return.
 *
 * @param images   the preprocessed images (labels unused: 0)
 * @param captions caption of image i
 * @param skipped  pairs left out, per reason
 */
record HqPairs(LabeledImages images, List<String> captions, SkipCounts skipped) {

  private static final int FLOATS = 784;

  int size() {
    return captions.size();
  }

  /**
   * Reads {@code shards} in order. A shard that cannot be opened fails naming it; holding more
   * than {@code maxBytes} of preprocessed pairs fails rather than running the executor out of heap.
   */
  static HqPairs read(List<String> shards, Configuration conf, CaptionDecoding invalidUtf8, long maxBytes)
      throws IOException {
    float[] pixels = new float[FLOATS * 1024];
    List<String> captions = new ArrayList<>();
    SkipCounts skipped = new SkipCounts();
    UidSet seen = new UidSet();
    int[] size = new int[2];
    long captionBytes = 0;
    for (String shard : shards) {
      PoolReader reader;
      try {
        reader = PoolFormat.open(new Path(shard), conf, invalidUtf8);
      } catch (IOException e) {
        throw new IOException("high-quality set (dfn.train.hq): cannot read " + shard + ": " + e.getMessage(), e);
      }
      try (reader) {
        while (reader.hasNext()) {
          PoolSample s = reader.next();
          if (!seen.add(s.uid())) {
            skipped.add(SkipCounts.DUPLICATE_UID);
            continue;
          }
          int n = captions.size();
          if ((long) (n + 1) * FLOATS > pixels.length) {
            // Grown no further than the bound (plus one pair), so the check below fails before the heap does.
            long cap = Math.min(Integer.MAX_VALUE - 8, maxBytes / 4 + FLOATS);
            pixels = Arrays.copyOf(pixels, (int) Math.max((long) (n + 1) * FLOATS, Math.min(cap, 2L * pixels.length)));
          }
          if (!ImagePreprocessing.decode(s.image(), pixels, n, size)) {
            skipped.add(SkipCounts.CORRUPT_IMAGE);
            continue;
          }
          captions.add(s.text());
          captionBytes += 40 + 2L * s.text().length();
          long held = 4L * FLOATS * captions.size() + captionBytes;
          if (held > maxBytes || (long) captions.size() * FLOATS >= Integer.MAX_VALUE - 8 - FLOATS) {
            throw new IOException("high-quality set (dfn.train.hq): " + captions.size() + " pairs read by " + shard
                + " hold " + (held >> 20) + " MB preprocessed, more than the " + (maxBytes >> 20)
                + " MB this executor allows (a quarter of its heap); give executors more memory or use fewer pairs");
          }
        }
        skipped.addAll(reader.skipped());
      }
    }
    int n = captions.size();
    LabeledImages images = new LabeledImages(Arrays.copyOf(pixels, n * FLOATS), new int[n], 1, 28, 28, 1);
    return new HqPairs(images, List.copyOf(captions), skipped);
  }
}
