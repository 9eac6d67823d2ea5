package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.model.ByteTokenizer;
import dev.flotilla.datafiltering.model.ClipBpeTokenizer;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.jobs.config.ConfigReader;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/** The {@code dfn.model} section of a dfn config: the built-in CLIP's sizes and tokenizer. */
final class DfnModelConfig {

  private DfnModelConfig() {}

  /**
   * The built-in CLIP's sizes ({@code dfn.model.*}); a combination that cannot be built names its
   * keys, and, when the job {@code used} the network, a tokenizer.json whose ids its vocabulary
   * cannot hold.
   */
  static ClipSpec read(ConfigReader c, boolean used) {
    ClipSpec spec;
    try {
      spec = new ClipSpec(c.intAtLeast("dfn.model.image-size", 1), c.intAtLeast("dfn.model.patch-size", 1),
          c.intAtLeast("dfn.model.width", 1), c.intAtLeast("dfn.model.layers", 1), c.intAtLeast("dfn.model.heads", 1),
          c.intAtLeast("dfn.model.mlp-ratio", 1), c.intAtLeast("dfn.model.text-width", 1),
          c.intAtLeast("dfn.model.text-layers", 1), c.intAtLeast("dfn.model.text-heads", 1),
          c.intAtLeast("dfn.model.context-length", 2), c.intAtLeast("dfn.model.vocab-size", 2),
          c.intAtLeast("dfn.model.embed-dim", 1), PretrainedConfig.tokenizer(c), c.positive("dfn.model.learning-rate"));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("dfn.")) {
        throw e; // already names its key
      }
      throw c.error("dfn.model", e.getMessage());
    }
    if (used && ClipSpec.BYTES.equals(spec.tokenizer()) && spec.vocabSize() <= ByteTokenizer.END) {
      throw c.error("dfn.model.vocab-size", "too few token embeddings for the byte tokenizer "
          + "(its end-of-text id is " + ByteTokenizer.END + "): set at least " + ClipSpec.CLIP_VOCAB);
    }
    if (used && !spec.readsWords() && !ClipSpec.BYTES.equals(spec.tokenizer())) {
      Configuration hadoop = new Configuration();
      try (ClipBpeTokenizer t = ClipBpeTokenizer.load(spec.tokenizer(), hadoop, spec.contextLength())) {
        if (t.end() >= spec.vocabSize()) {
          throw c.error("dfn.model.vocab-size", "too few token embeddings for tokenizer "
              + spec.tokenizer() + " (its end-of-text id is " + t.end() + "): set at least " + (t.end() + 1));
        }
      } catch (IOException e) {
        IllegalArgumentException x = c.error("dfn.model.tokenizer", e.getMessage());
        x.initCause(e);
        throw x;
      }
    }
    return spec;
  }
}
