package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The curate unit's {@code curation.json}: its {@link CurationResult} plus what the report draws
 * (pool size and clean pairs when the ground truth is known, else null; the score histogram over
 * [-1, 1] in {@code histogramBins} equal bins).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CurationSummary(float threshold, long scored, long duplicateUids, long kept, boolean groundTruth,
    Long pool, Long cleanInPool, Double precision, Double recall, int histogramBins, List<Long> histogram) {

  public CurationSummary {
    histogram = List.copyOf(histogram);
    if (histogram.size() != histogramBins) {
      throw new IllegalArgumentException("histogram has " + histogram.size() + " bins, not " + histogramBins);
    }
  }

  /** The numbers the unit reports as metrics. */
  public CurationResult result() {
    Double cleanFraction = pool == null ? null : pool == 0 ? 0 : cleanInPool / (double) pool;
    return new CurationResult(threshold, kept, scored, duplicateUids, precision, recall, cleanFraction);
  }

  /** Lower edge of histogram bin {@code i} (cosine similarity). */
  public double binStart(int i) {
    return -1 + 2.0 * i / histogramBins;
  }

  public void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      Json.FILES.writeValue(out, this);
    }
  }

  public static CurationSummary read(FileSystem fs, Path file) throws IOException {
    try {
      return Json.FILES.readValue(AtomicFiles.readString(fs, file), CurationSummary.class);
    } catch (IOException e) {
      throw new IOException(file + ": not a curation summary: " + e.getMessage(), e);
    }
  }
}
