package dev.flotilla.executors.unit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The one reader and writer of {@code _UNIT.json}. Field names are those of {@link UnitRecord};
 * records written before {@code outputs} existed read with an empty output list. Unknown fields
 * are ignored, so a newer record stays readable by this version.
 */
public final class UnitRecordCodec {

  private static final ObjectMapper JSON = Json.FILES;

  private UnitRecordCodec() {}

  public static String toJson(UnitRecord record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (IOException e) {
      throw new IllegalArgumentException("unit " + record.unitId() + ": record is not JSON", e);
    }
  }

  /** Parses a record; {@code source} names the file in the error. */
  public static UnitRecord fromJson(String json, String source) throws IOException {
    try {
      UnitRecord r = JSON.readValue(json, UnitRecord.class);
      if (r == null) {
        throw new IOException(source + " is empty");
      }
      return r;
    } catch (IOException e) {
      throw new IOException(source + " is not a readable unit record: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IOException(source + " is not a readable unit record: " + e.getMessage(), e);
    }
  }

  /** The committed record of {@code unitId} in {@code run}. */
  public static UnitRecord read(RunDir run, String unitId) throws IOException {
    return read(run.fs(), run.unitRecord(unitId));
  }

  public static UnitRecord read(FileSystem fs, Path recordFile) throws IOException {
    return fromJson(new String(dev.flotilla.executors.rundir.AtomicFiles.readBytes(fs, recordFile),
        java.nio.charset.StandardCharsets.UTF_8), recordFile.toString());
  }

  /**
   * Every file under {@code unitDir} (recursively, paths relative to it, sorted) with size and
   * SHA-256, except the unit and attempt records themselves.
   */
  public static List<OutputFile> outputsOf(FileSystem fs, Path unitDir) throws IOException {
    List<OutputFile> out = new ArrayList<>();
    String prefix = fs.makeQualified(unitDir).toUri().getPath();
    collect(fs, unitDir, prefix, out);
    out.sort(Comparator.comparing(OutputFile::path));
    return out;
  }

  /**
   * Plain listStatus rather than listFiles: a LocatedFileStatus copies the permission, which
   * Hadoop's local file system without its native library reads by forking {@code ls -ld}.
   */
  private static void collect(FileSystem fs, Path dir, String prefix, List<OutputFile> out)
      throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isDirectory()) {
        collect(fs, f.getPath(), prefix, out);
        continue;
      }
      String rel = relative(prefix, f.getPath());
      String name = f.getPath().getName();
      if (rel.equals(RunDir.UNIT_RECORD) || rel.equals(RunDir.ATTEMPT_RECORD)
          || (name.startsWith(".") && name.endsWith(".crc"))) {
        continue; // Hadoop's checksum files are not outputs (listFiles hid them too)
      }
      out.add(new OutputFile(rel, f.getLen(), sha256(fs, f.getPath())));
    }
  }

  /**
   * What is wrong with the files of a committed unit against its record: missing files, other
   * sizes or checksums, one line each. Empty when the unit is intact (or its record predates
   * output lists). {@code checksums = false} checks presence and size only (cheap on object stores).
   */
  public static List<String> verify(FileSystem fs, Path unitDir, UnitRecord record,
      boolean checksums) throws IOException {
    List<String> problems = new ArrayList<>();
    for (OutputFile f : record.outputs()) {
      Path p = new Path(unitDir, f.path());
      if (!fs.exists(p)) {
        problems.add(f.path() + ": missing");
        continue;
      }
      long len = fs.getFileStatus(p).getLen();
      if (len != f.size()) {
        problems.add(f.path() + ": " + len + " bytes, recorded " + f.size());
      } else if (checksums && !sha256(fs, p).equals(f.sha256())) {
        problems.add(f.path() + ": checksum differs from the recorded one");
      }
    }
    return problems;
  }

  private static String relative(String prefix, Path file) {
    String p = file.toUri().getPath();
    String base = prefix.endsWith("/") ? prefix : prefix + "/";
    if (!p.startsWith(base)) {
      throw new IllegalStateException(file + " is not under " + prefix);
    }
    return p.substring(base.length());
  }

  static String sha256(FileSystem fs, Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(fs.open(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
