package dev.flotilla.executors.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A saved state of a unit at a step: a directory of named files. Immutable. */
public record Checkpoint(long step, FileSystem fs, Path dir) {

  public InputStream open(String file) throws IOException {
    return fs.open(new Path(dir, file));
  }

  public boolean has(String file) throws IOException {
    return fs.exists(new Path(dir, file));
  }
}
