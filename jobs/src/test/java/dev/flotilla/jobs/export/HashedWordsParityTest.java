package dev.flotilla.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.datafiltering.model.WordTokenizer;
import dev.flotilla.jobs.testing.TorchReference;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hashed-word tokenizer gives the same ids in Java (the job) and in Python (the portable
 * export's {@code word_tokens}) on captions outside ASCII: what counts as a letter or digit, how
 * words are lower-cased (final sigma, dotted capital I, sharp s), joiners, combining marks,
 * underscores, symbols and characters outside the Basic Multilingual Plane.
 */
class HashedWordsParityTest {

  @TempDir Path tmp;

  static final List<String> CAPTIONS = List.of(
      "Größe XL, Ärmel lang — STRASSE ẞ",
      "café crème brûlée",
      "cafe\u0301 with a combining accent",
      "ΟΔΟΣ ΣΟΦΙΑΣ, Σίσυφος",
      "İstanbul DİYARBAKIR ılık",
      "東京の靴 и Москва",
      "½ price ² Ⅻ ٣٤ 2024",
      "naïve t\u2011shirt t-shirt",
      "rock’n’roll don't 'quoted'",
      "snake_case word",
      "emoji 👟 sneaker 𝐁𝐨𝐥𝐝",
      "ǅungla ﬁne ﬀ",
      "עברית العربية हिन्दी ภาษาไทย",
      "");

  @Test
  void javaAndPythonGiveTheSameIds() throws Exception {
    assumeTrue(TorchReference.available(), "Debian's python3-torch is not installed");
    int context = 12;
    int vocab = 8192;
    long[] java = new WordTokenizer(context, vocab).encode(CAPTIONS);
    long[] python = new TorchReference(tmp).wordTokens(CAPTIONS, context, vocab);
    for (int i = 0; i < CAPTIONS.size(); i++) {
      assertThat(java(python, i, context)).as("ids of \"%s\"", CAPTIONS.get(i)).containsExactly(java(java, i, context));
    }
    assertThat(python).hasSameSizeAs(java);
  }

  private static long[] java(long[] rows, int row, int context) {
    return java.util.Arrays.copyOfRange(rows, row * context, (row + 1) * context);
  }
}
