package dev.flotilla.executors.lm;

import dev.flotilla.executors.backend.ModelFamily;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A next-token model over {@link ByteTokens}, trained and evaluated inside a task. Not
 * thread-safe; close it to free native memory.
 */
public interface LanguageModel extends AutoCloseable, dev.flotilla.executors.export.Exportable {

  /** Next-token models: what {@link dev.flotilla.executors.backend.Backends} builds from an {@link LmSpec}. */
  ModelFamily<LmSpec, LanguageModel> FAMILY =
      new ModelFamily<>("language-model", LmSpec.class, LanguageModel.class);

  LmSpec spec();

  /**
   * Native threads of this model's last batch, as its library reported them on the thread that
   * ran it (its budget's cpus, where the library allows a per-thread count); 0 before any batch.
   */
  int threads();

  /** Trainable parameters actually allocated (equals {@link LmSpec#parameters()}). */
  long parameterCount();

  /**
   * One optimizer step: every row of {@code tokens} (equal lengths, at most context + 1)
   * predicts its tokens 1.. from their prefixes. Returns the mean loss in nats per token.
   */
  double trainStep(int[][] tokens, double learningRate);

  /**
   * {@code out[b][t-1] = ln p(tokens[b][t] | tokens[b][0..t-1])} for t = 1..len-1, with rows of
   * equal length at most context + 1. No weights change.
   */
  float[][] targetLogProbs(int[][] tokens);

  /** ln-probabilities of every vocabulary entry as the token after {@code prefix} (its last context tokens). */
  float[] nextLogProbs(int[] prefix);

  /** Weights (and optimizer state where the backend can) for {@link dev.flotilla.executors.backend.ModelFactory#restore}. */
  void save(OutputStream out) throws IOException;

  @Override
  void close();
}
