package dev.flotilla.driver.manifest;

import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Removes what interrupted drivers and attempts leave behind: temporary files of atomic writes
 * ({@code .<name>.tmp-<uuid>} in the run root, the journal and the report) and attempt directories under
 * {@code _attempts/} (private to an attempt, never read once it ended). Run only while holding the
 * lock, when no attempt of this run can be in flight. Checkpoints are kept: they are how a retried
 * unit resumes.
 */
public final class RunDirLitter {

  private RunDirLitter() {}

  /** @return the number of paths removed */
  public static int clear(RunDir dir) throws IOException {
    FileSystem fs = dir.fs();
    int removed = 0;
    removed += deleteTemps(fs, dir.root());
    removed += deleteTemps(fs, dir.report());
    removed += deleteTemps(fs, RunJournal.dir(dir));
    Path attempts = new Path(dir.root(), "_attempts");
    if (fs.exists(attempts)) {
      for (FileStatus s : fs.listStatus(attempts)) {
        fs.delete(s.getPath(), true);
        removed++;
      }
    }
    return removed;
  }

  private static int deleteTemps(FileSystem fs, Path folder) throws IOException {
    if (!fs.exists(folder)) {
      return 0;
    }
    int n = 0;
    for (FileStatus s : fs.listStatus(folder)) {
      String name = s.getPath().getName();
      if (s.isFile() && name.startsWith(".") && name.contains(".tmp-")) {
        fs.delete(s.getPath(), false);
        n++;
      }
    }
    return n;
  }
}
