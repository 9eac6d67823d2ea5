package dev.flotilla.executors.lm;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** A library that builds language models inside tasks; stateless and thread-safe. */
public interface LmBackend {

  /** Registry name used in configs: {@code djl} or {@code dl4j}. */
  String name();

  /** {@link LmSpec#kind()}s this backend builds. */
  Set<String> kinds();

  /** A freshly initialized model; same seed, same initial weights. */
  LanguageModel build(LmSpec spec, long seed);

  /** A model restored from {@link LanguageModel#save} output. */
  LanguageModel restore(LmSpec spec, InputStream state) throws IOException;

  /** True if {@link #restore} brings back the optimizer state too. */
  boolean restoresOptimizerState();
}
