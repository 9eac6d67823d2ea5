package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The run record's changes since its last snapshot ({@code manifest.json}): one small file per
 * change, {@code journal/<seq>.json}, holding the whole entries of the units that changed. A
 * commit costs one small write whatever the plan's size, on any file system (S3 has no append,
 * so a change is a new file, written atomically). When the journal has grown as large as the
 * snapshot, the snapshot is rewritten and the files it covers are deleted, so writes stay
 * proportional to the changes (each byte of the snapshot is paid for by as many journal bytes).
 *
 * <p>Crash-safe at every point: a change file appears whole or not at all; the snapshot records
 * the last change it holds ({@link RunManifest#journalSeq}), so change files left by a driver
 * killed before it deleted them are skipped on reading.
 */
public final class RunJournal {

  /** The journal is compacted into the snapshot once it is this large, or as large as the snapshot. */
  static final long MIN_COMPACT_BYTES = 1 << 20;
  private static final String SUFFIX = ".json";
  private static final TypeReference<List<UnitEntry>> ENTRIES = new TypeReference<>() {};
  /** Change files are read by the driver only: no indentation. */
  private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
      RunManifest.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private RunJournal() {}

  public static Path dir(RunDir run) {
    return new Path(run.root(), "journal");
  }

  /** Records that {@code changed} units of {@code m} changed: one new change file. */
  public static void append(RunDir run, RunManifest m, Collection<UnitEntry> changed) throws IOException {
    if (changed.isEmpty()) {
      return;
    }
    byte[] bytes = COMPACT.writeValueAsBytes(List.copyOf(changed));
    if (!m.journalDirMade) {
      run.fs().mkdirs(dir(run)); // once per driver: on object stores every call is a request
      m.journalDirMade = true;
    }
    long seq = m.journalSeq + 1;
    // Not synced: a change file lost to a power cut is found again by reconcile, from the
    // committed units (the truth); a sync per commit would cost more than everything else.
    AtomicFiles.writeBytes(run.fs(), run.conf(), file(run, seq), bytes, false);
    m.journalSeq = seq;
    m.journalBytes += bytes.length;
    m.writesByThisDriver++;
    m.bytesByThisDriver += bytes.length;
    if (m.journalBytes >= Math.max(MIN_COMPACT_BYTES, m.snapshotBytes)) {
      m.write(run); // the snapshot, which then deletes the change files it holds
    }
  }

  /** Applies the change files newer than the snapshot to {@code m}, oldest first. */
  static void replay(RunDir run, RunManifest m) throws IOException {
    for (var e : changeFiles(run).tailMap(m.journalSeq, false).entrySet()) {
      byte[] text = AtomicFiles.readBytes(run.fs(), e.getValue());
      List<UnitEntry> entries;
      try {
        entries = RunManifest.JSON.readValue(text, ENTRIES);
      } catch (IOException bad) {
        throw new IOException(e.getValue() + " is not a Flotilla journal file: " + bad.getMessage(), bad);
      }
      for (UnitEntry u : entries) {
        m.units.put(u.id, u);
      }
      m.journalSeq = e.getKey();
      m.journalBytes += text.length;
    }
  }

  /** Deletes the change files the snapshot holds (seq up to and including {@code upTo}). */
  static void dropThrough(RunDir run, long upTo) throws IOException {
    for (Path p : changeFiles(run).headMap(upTo, true).values()) {
      run.fs().delete(p, false);
    }
  }

  /** Change files by sequence number; temporaries of interrupted writes are not change files. */
  private static TreeMap<Long, Path> changeFiles(RunDir run) throws IOException {
    TreeMap<Long, Path> out = new TreeMap<>();
    Path dir = dir(run);
    if (!run.fs().exists(dir)) {
      return out;
    }
    for (FileStatus s : run.fs().listStatus(dir)) {
      String name = s.getPath().getName();
      if (s.isFile() && !name.startsWith(".") && name.endsWith(SUFFIX)) {
        try {
          out.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), s.getPath());
        } catch (NumberFormatException notOurs) {
          // A file someone put here: not part of the record.
        }
      }
    }
    return out;
  }

  private static Path file(RunDir run, long seq) {
    String digits = Long.toString(seq); // zero-padded to 12 so names sort by number
    return new Path(dir(run), "0".repeat(Math.max(0, 12 - digits.length())) + digits + SUFFIX);
  }

  /**
   * The newest change file's number, or 0. A record made afresh (its snapshot was deleted) starts
   * after it, so change files it does not hold are neither replayed nor overwritten.
   */
  public static long lastSeq(RunDir run) throws IOException {
    TreeMap<Long, Path> files = changeFiles(run);
    return files.isEmpty() ? 0 : files.lastKey();
  }

  /** For tests and tools: the sequence numbers of the change files present. */
  static List<Long> seqs(RunDir run) throws IOException {
    return new ArrayList<>(changeFiles(run).keySet());
  }
}
