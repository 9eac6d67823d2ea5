package dev.flotilla.datafiltering.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Ground truth of a pool, kept apart from it and read only by evaluation: a tab-separated file
 * with a header naming its columns. Written as {@code uid, style, label}; read from any TSV with a
 * {@code uid} column and either {@code clean} ({@code true}/{@code 1}) or {@code style} (clean
 * when {@code CORRECT}), so externally labelled pools can be evaluated too.
 */
public final class GroundTruth {

  public static final String HEADER = "uid\tstyle\tlabel";

  private GroundTruth() {}

  /** Receives one ground-truth row. */
  @FunctionalInterface
  public interface Row {
    void accept(String uid, boolean clean) throws IOException;
  }

  /** Writes the row of one generated pair (after {@link #HEADER}). */
  public static void write(Writer out, PoolMaker.Made m) throws IOException {
    out.write(m.sample().uid() + "\t" + m.style() + "\t" + m.label() + "\n");
  }

  /** The TSV files of {@code fileOrDir}: itself, or the {@code *.tsv} files in it, sorted. */
  public static List<Path> files(Path fileOrDir, Configuration conf) throws IOException {
    FileSystem fs = fileOrDir.getFileSystem(conf);
    FileStatus st = fs.getFileStatus(fileOrDir);
    if (st.isFile()) {
      return List.of(st.getPath());
    }
    List<Path> out = new ArrayList<>();
    for (FileStatus f : fs.listStatus(fileOrDir)) {
      if (f.isFile() && f.getPath().getName().endsWith(".tsv")) {
        out.add(f.getPath());
      }
    }
    out.sort(null);
    if (out.isEmpty()) {
      throw new IOException("no .tsv ground-truth files in " + fileOrDir);
    }
    return out;
  }

  /** Streams every row of the ground-truth files. */
  public static void forEach(List<Path> files, Configuration conf, Row sink) throws IOException {
    for (Path file : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          file.getFileSystem(conf).open(file), StandardCharsets.UTF_8))) {
        String header = r.readLine();
        List<String> cols = header == null ? List.of() : Arrays.asList(header.split("\t"));
        int uid = cols.indexOf("uid");
        int clean = cols.indexOf("clean");
        int style = cols.indexOf("style");
        if (uid < 0 || (clean < 0 && style < 0)) {
          throw new IOException(file + ": a ground-truth file needs a header with 'uid' and 'clean' or 'style', got '"
              + header + "'");
        }
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty()) {
            continue;
          }
          String[] f = line.split("\t", -1);
          boolean isClean = clean >= 0 ? f[clean].equals("true") || f[clean].equals("1")
              : f[style].equals(CaptionStyle.CORRECT.name());
          sink.accept(f[uid], isClean);
        }
      }
    }
  }
}
