package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.SkipCounts;
import dev.flotilla.datafiltering.pool.UidSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A user's high-quality set ({@code dfn.train.hq}): every usable pair of its WebDataset/Parquet
 * shards, decoded, resized and cropped as the scoring units preprocess the pool for the built-in
 * network ({@link ClipPreprocessing#crop}) and held in memory as 8-bit RGB (normalised per batch:
 * a quarter of the floats' memory), so training draws seeded random batches (a resumed attempt
 * sees the same batches). Pairs left out are counted per reason: unreadable image, second copy of
 * a uid, and whatever the readers could not return.
 *
 * @param preprocessing how the images were cropped, and are normalised
 * @param rgb           image i at {@code [i * 3 * size^2, (i + 1) * 3 * size^2)}
 * @param captions      caption of image i
 * @param skipped       pairs left out, per reason
 */
record HqPairs(ClipPreprocessing preprocessing, byte[] rgb, List<String> captions, SkipCounts skipped) {

  int size() {
    return captions.size();
  }

  /** Images {@code index[0..n)} normalised into slots 0..n-1 of {@code x}. */
  void gather(int[] index, int n, float[] x) {
    for (int i = 0; i < n; i++) {
      preprocessing.normalise(rgb, index[i], x, i);
    }
  }

  /**
   * Reads {@code shards} in order. A shard that cannot be opened fails naming it; holding more
   * than {@code maxBytes} of preprocessed pairs fails rather than running the executor out of heap.
   */
  static HqPairs read(List<String> shards, Configuration conf, CaptionDecoding invalidUtf8, long maxBytes,
      ClipPreprocessing preprocessing) throws IOException {
    int bytesPerImage = 3 * preprocessing.size() * preprocessing.size();
    byte[] rgb = new byte[bytesPerImage * 64];
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
          if ((long) (n + 1) * bytesPerImage > rgb.length) {
            // Grown no further than the bound (plus one pair), so the check below fails before the heap does.
            long cap = Math.min(Integer.MAX_VALUE - 8, maxBytes + bytesPerImage);
            rgb = Arrays.copyOf(rgb, (int) Math.max((long) (n + 1) * bytesPerImage, Math.min(cap, 2L * rgb.length)));
          }
          if (preprocessing.crop(s.image(), rgb, n, size).isPresent()) {
            skipped.add(SkipCounts.CORRUPT_IMAGE);
            continue;
          }
          captions.add(s.text());
          captionBytes += 40 + 2L * s.text().length();
          long held = (long) bytesPerImage * captions.size() + captionBytes;
          if (held > maxBytes || (long) (captions.size() + 1) * bytesPerImage >= Integer.MAX_VALUE - 8) {
            throw new IOException("high-quality set (dfn.train.hq): " + captions.size() + " pairs read by " + shard
                + " hold " + (held >> 20) + " MB preprocessed (" + preprocessing.size() + "x" + preprocessing.size()
                + " RGB), more than the " + (maxBytes >> 20) + " MB this executor allows (a quarter of its heap); "
                + "give executors more memory or use fewer pairs");
          }
        }
        skipped.addAll(reader.skipped());
      }
    }
    int n = captions.size();
    return new HqPairs(preprocessing, Arrays.copyOf(rgb, n * bytesPerImage), List.copyOf(captions), skipped);
  }
}
