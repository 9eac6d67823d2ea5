package dev.flotilla.datafiltering.model;

import java.util.List;

/** Captions to the token ids a CLIP text tower takes: n rows of {@link #contextLength()} ids, 0-padded. */
public interface CaptionTokenizer {

  int contextLength();

  /** {@code captions.size() x contextLength()} ids, row-major. */
  long[] encode(List<String> captions);
}
