package dev.flotilla.datafiltering.dfn;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What scoring needs from a filtering network: its image preprocessing and the score of a batch
 * of pairs. The built-in network ({@link TrainedScorer}) and a user's TorchScript CLIP
 * ({@link PretrainedScorer}) differ in both.
 */
interface PairScorer {

  /** Floats of one preprocessed image. */
  int floatsPerImage();

  /**
   * The image into slot {@code slot} of {@code x} and its source width and height into
   * {@code size}; or the reason it was left out.
   */
  Optional<String> preprocess(byte[] image, float[] x, int slot, int[] size);

  /** The scores of images 0..n-1 of {@code x} with {@code texts} (n of them). */
  float[] score(float[] x, List<String> texts) throws IOException;
}
