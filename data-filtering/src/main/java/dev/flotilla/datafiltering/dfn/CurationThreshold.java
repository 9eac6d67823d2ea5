package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The threshold unit's {@code threshold.json}, what every keep unit and the curation read: the
 * number of shards, the score threshold, pairs scored (each uid once) and second copies left out, the score histogram
 * over [-1, 1] in {@code histogramBins} bins, the gallery's picked pairs (uid, group, score; no
 * caption or thumbnail yet), and the shards (by index) that hold second copies, each listed in
 * {@code copies/NNNNN.npy}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CurationThreshold(int shards, float threshold, long scored, long duplicateUids, int histogramBins,
    List<Long> histogram, List<Gallery.Entry> picks, List<Integer> shardsWithCopies) {

  public static final String FILE = "threshold.json";
  public static final String COPIES = "copies";

  public CurationThreshold {
    histogram = List.copyOf(histogram);
    picks = List.copyOf(picks);
    shardsWithCopies = List.copyOf(shardsWithCopies);
    if (histogram.size() != histogramBins) {
      throw new IllegalArgumentException("histogram has " + histogram.size() + " bins, not " + histogramBins);
    }
  }

  /** The picked pairs by uid, in pick order. */
  Map<String, Gallery.Entry> picked() {
    Map<String, Gallery.Entry> out = new LinkedHashMap<>();
    picks.forEach(e -> out.put(e.uid(), e));
    return out;
  }

  /** Where shard {@code index}'s second copies are listed, inside the threshold unit's output. */
  static Path copiesFile(Path unitOutput, int index) {
    return new Path(new Path(unitOutput, COPIES), String.format("%05d.npy", index));
  }

  void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      Json.FILES.writeValue(out, this);
    }
  }

  static CurationThreshold read(FileSystem fs, Path file) throws IOException {
    try {
      return Json.FILES.readValue(AtomicFiles.readString(fs, file), CurationThreshold.class);
    } catch (IOException e) {
      throw new IOException(file + ": not a curation threshold: " + e.getMessage(), e);
    }
  }
}
