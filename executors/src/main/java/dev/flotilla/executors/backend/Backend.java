package dev.flotilla.executors.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * A library that trains models inside a task. Implementations are stateless and thread-safe;
 * models they build are not. Jobs talk to this contract, never to DL4J or DJL types.
 */
public interface Backend {

  /** Registry name used in configs: {@code dl4j} or {@code djl}. */
  String name();

  /** Model kinds this backend can build (see {@link ModelSpec}). */
  Set<String> modelKinds();

  /** A freshly initialized model; same seed, same initial weights. */
  TrainableModel build(ModelSpec spec, long seed);

  /** A model restored from {@link TrainableModel#save} output. */
  TrainableModel restore(ModelSpec spec, InputStream state) throws IOException;

  /** True if {@link #restore} brings back the optimizer state too (not only the weights). */
  boolean restoresOptimizerState();
}
