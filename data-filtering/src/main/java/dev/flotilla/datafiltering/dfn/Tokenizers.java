package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.ByteTokenizer;
import dev.flotilla.datafiltering.model.CaptionTokenizer;
import dev.flotilla.datafiltering.model.ClipBpeTokenizer;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.WordTokenizer;
import dev.flotilla.executors.unit.UnitContext;
import java.io.IOException;

/** The caption tokenizer of a CLIP text tower, built-in or TorchScript, as the units get it. */
final class Tokenizers {

  private Tokenizers() {}

  /** The built-in network's: hashed words, bytes, or its tokenizer.json, as {@link ClipSpec#tokenizer} says. */
  static CaptionTokenizer of(UnitContext ctx, ClipSpec spec) throws IOException {
    if (spec.readsWords()) {
      return new WordTokenizer(spec.contextLength(), spec.vocabSize());
    }
    return of(ctx, ClipSpec.BYTES.equals(spec.tokenizer()) ? null : spec.tokenizer(), spec.contextLength());
  }

  /** {@code file}'s tokenizer.json (loaded once per executor JVM), or the byte tokenizer when null. */
  static CaptionTokenizer of(UnitContext ctx, String file, int contextLength) throws IOException {
    if (file == null) {
      return new ByteTokenizer(contextLength);
    }
    return ctx.cache().get("clip-tokenizer:" + file + "#" + contextLength, ClipBpeTokenizer.class,
        () -> ClipBpeTokenizer.load(file, ctx.hadoopConf(), contextLength), ClipBpeTokenizer::bytes);
  }
}
