package dev.flotilla.jobs.hdee;

import dev.flotilla.ensembles.tokens.TextTokenizer;
import dev.flotilla.jobs.config.ConfigReader;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code hdee.tokenizer}: what the models read. {@code bytes} (the 256 bytes and a document
 * marker); {@code huggingface}, a user's {@code tokenizer.json} on any Hadoop FS (loaded once here,
 * so a missing or broken file fails before anything runs); or {@code sentencepiece}, a unigram
 * model of {@code vocab-size} pieces trained by the corpus stage on the training domains' train
 * splits (Debian's {@code spm_train} on the machines that run units).
 *
 * @param vocab ids of the models: the tokenizer's and the document marker; 0 for bytes
 */
record HdeeTokenizer(String kind, String file, int vocabSize, int vocab) {

  static final String BYTES = "bytes";
  static final String HUGGINGFACE = "huggingface";
  static final String SENTENCEPIECE = "sentencepiece";

  static HdeeTokenizer read(ConfigReader c) {
    String kind = c.oneOf("hdee.tokenizer.kind", List.of(BYTES, HUGGINGFACE, SENTENCEPIECE));
    switch (kind) {
      case HUGGINGFACE -> {
        String file = c.nonBlank("hdee.tokenizer.file");
        try (TextTokenizer t = TextTokenizer.load(file, new Configuration())) {
          return new HdeeTokenizer(kind, file, 0, t.vocab());
        } catch (IOException | RuntimeException e) {
          throw c.error("hdee.tokenizer.file", e.getMessage());
        }
      }
      case SENTENCEPIECE -> {
        int size = c.intIn("hdee.tokenizer.vocab-size", 300, 65534);
        return new HdeeTokenizer(kind, null, size, size + 1);
      }
      default -> {
        return new HdeeTokenizer(kind, null, 0, 0);
      }
    }
  }

  boolean bytes() {
    return BYTES.equals(kind);
  }
}
