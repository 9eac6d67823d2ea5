package dev.flotilla.executors.checkpoint;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import dev.flotilla.executors.rundir.AtomicFiles;

/**
 * Checkpoint store of one unit, shared by all its attempts.
 *
 * <p>Each checkpoint is written to a temporary directory and renamed to {@code step-<n>}, so a
 * directory with that name is always complete; an attempt killed mid-save leaves only a
 * temporary that the next save or the commit removes. The newest two checkpoints are kept.
 */
public final class Checkpoints {

  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{12})");
  private static final int KEEP = 2;

  private final FileSystem fs;
  private final Configuration conf;
  private final Path dir;
  private final int every;
  private long resumedFrom = -1;
  private long lastSaved = -1;

  public Checkpoints(FileSystem fs, Configuration conf, Path dir, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint interval must be >= 1 step, got " + every);
    }
    this.fs = fs;
    this.conf = conf;
    this.dir = dir;
    this.every = every;
  }

  /** Steps between checkpoints, as configured ({@code engine.checkpoint-every}). */
  public int every() {
    return every;
  }

  /** True when step {@code step} (1-based count of finished steps) should be saved. */
  public boolean due(long step) {
    return step > 0 && step % every == 0;
  }

  /**
   * The newest complete checkpoint, if an earlier attempt left one. Calling this marks the
   * attempt as resumed from that step (reported in the manifest as {@code resumedFromStep}).
   */
  public Optional<Checkpoint> latest() throws IOException {
    Optional<Checkpoint> found = complete().reduce((a, b) -> b);
    found.ifPresent(c -> resumedFrom = c.step());
    return found;
  }

  /** Saves the state at {@code step} atomically and drops older checkpoints beyond the newest two. */
  public void save(long step, CheckpointWriter writer) throws IOException {
    Path tmp = new Path(dir, "_tmp-" + UUID.randomUUID());
    try {
      fs.mkdirs(tmp);
      writer.write(name -> fs.create(new Path(tmp, name), false));
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      // Disk full is the usual cause: free what was written, and say where it was going.
      try {
        fs.delete(tmp, true);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      Throwable why = e instanceof org.apache.hadoop.fs.FSError && e.getCause() != null ? e.getCause() : e;
      throw new IOException("cannot write the checkpoint of step " + step + " under " + dir + ": "
          + why.getMessage(), e);
    }
    Path target = new Path(dir, String.format("step-%012d", step));
    if (!AtomicFiles.renameDirectory(conf, tmp, target)) {
      fs.delete(tmp, true); // the same step was saved by an earlier attempt: identical content
    }
    lastSaved = step;
    Checkpoint[] all = complete().toArray(Checkpoint[]::new);
    for (int i = 0; i < all.length - KEEP; i++) {
      fs.delete(all[i].dir(), true);
    }
  }

  public OptionalLong resumedFrom() {
    return resumedFrom < 0 ? OptionalLong.empty() : OptionalLong.of(resumedFrom);
  }

  public OptionalLong lastSaved() {
    return lastSaved < 0 ? OptionalLong.empty() : OptionalLong.of(lastSaved);
  }

  /** Removes every checkpoint of the unit (after its output is committed). */
  public void clear() throws IOException {
    fs.delete(dir, true);
  }

  private java.util.stream.Stream<Checkpoint> complete() throws IOException {
    if (!fs.exists(dir)) {
      return java.util.stream.Stream.empty();
    }
    FileStatus[] children = fs.listStatus(dir);
    return Arrays.stream(children)
        .filter(FileStatus::isDirectory)
        .map(s -> {
          Matcher m = STEP_DIR.matcher(s.getPath().getName());
          return m.matches() ? new Checkpoint(Long.parseLong(m.group(1)), fs, s.getPath()) : null;
        })
        .filter(c -> c != null)
        .sorted(Comparator.comparingLong(Checkpoint::step));
  }
}
