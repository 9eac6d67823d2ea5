package dev.flotilla.ensembles.hdee;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The per-target log-probabilities a training unit wrote for one domain and split. */
final class EvalArrays {

  private EvalArrays() {}

  /** Targets of a window: its tokens after the first. */
  static int[] targets(int[] window) {
    return Arrays.copyOfRange(window, 1, window.length);
  }

  static Path file(Path unitDir, String domain, String split) {
    return new Path(unitDir, "eval/" + domain + "." + split + ".f32");
  }

  /** Windows of {@code width} log-probabilities each. */
  static List<float[]> read(FileSystem fs, Path file, int width) throws IOException {
    long bytes = fs.getFileStatus(file).getLen();
    if (bytes % (4L * width) != 0) {
      throw new IOException(file + ": " + bytes + " bytes is not a whole number of windows of " + width + " floats");
    }
    List<float[]> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(file)))) {
      for (long w = 0; w < bytes / (4L * width); w++) {
        float[] row = new float[width];
        for (int i = 0; i < width; i++) {
          row[i] = Float.intBitsToFloat(Integer.reverseBytes(in.readInt()));
        }
        out.add(row);
      }
    }
    return out;
  }
}
