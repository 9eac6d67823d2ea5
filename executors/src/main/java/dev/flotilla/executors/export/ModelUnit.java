package dev.flotilla.executors.export;

import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A unit kind whose committed output holds a trained model: how to read it back in the portable
 * form ({@code flotilla export} asks the unit record's spec, so each kind knows its own files).
 */
public interface ModelUnit {

  /** The model this unit committed in {@code unitDir}, restored with {@code budget}'s cores. */
  PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException;
}
