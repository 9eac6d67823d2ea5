package dev.flotilla.executors.backend;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A model being trained inside one task. Not thread-safe; closed by its owner.
 * Inputs are example-major float arrays of {@code n x spec().inputSize()}.
 */
public interface TrainableModel extends AutoCloseable, dev.flotilla.executors.export.Exportable {

  /** Image classifiers: what {@link Backends} builds from a {@link ModelSpec}. */
  ModelFamily<ModelSpec, TrainableModel> FAMILY =
      new ModelFamily<>("classifier", ModelSpec.class, TrainableModel.class);

  ModelSpec spec();

  /**
   * Native threads of this model's last batch, as its library reported them on the thread that
   * ran it (its budget's cpus, where the library allows a per-thread count); 0 before any batch.
   */
  int threads();

  /** Parameters as the backend counts them (must equal {@link ModelCost#parameters}). */
  long parameterCount();

  /** One optimizer step on the first {@code n} examples of {@code x}/{@code y}; returns mean loss. */
  double trainStep(float[] x, int[] y, int n);

  /** Class probabilities, {@code n x classes}, row-major. */
  float[] probabilities(float[] x, int n);

  /**
   * Writes the training state (parameters, and optimizer state where the backend can) so that
   * {@link ModelFactory#restore} continues from it.
   */
  void save(OutputStream out) throws IOException;

  @Override
  void close();
}
