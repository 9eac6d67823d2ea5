package dev.flotilla.executors.checkpoint;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a unit's state as named files; called by {@link Checkpoints#save}. */
@FunctionalInterface
public interface CheckpointWriter {

  void write(Files files) throws IOException;

  /** Opens files inside the checkpoint being written. */
  interface Files {
    OutputStream create(String name) throws IOException;
  }
}
