package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {

  private static final WordTokenizer WORDS = new WordTokenizer(8, 1000);

  @Test
  void aCaptionIsStartItsHashedWordsEndThenPadding() {
    long[] row = WORDS.encode(List.of("A photo of a T-shirt!"));
    assertThat(row).hasSize(8);
    assertThat(row[0]).isEqualTo(998);
    assertThat(Arrays.copyOfRange(row, 1, 6)).containsExactly(WORDS.id("a"), WORDS.id("photo"), WORDS.id("of"),
        WORDS.id("a"), WORDS.id("t-shirt"));
    assertThat(row[6]).isEqualTo(999).isEqualTo(WORDS.end());
    assertThat(row[7]).isZero();
    // the id is 1 + CRC-32 of the lower-cased word's UTF-8 bytes modulo vocab - 3 (as flotilla_portable.py)
    CRC32 crc = new CRC32();
    crc.update("t-shirt".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(WORDS.id("T-Shirt")).isEqualTo(1 + crc.getValue() % 997);
  }

  @Test
  void wordsKeepInnerHyphensAndApostrophesAndIgnoreCase() {
    assertThat(WORDS.id("t-shirt")).isNotEqualTo(WORDS.id("shirt"));
    assertThat(WORDS.encode(List.of("Bag"))).isEqualTo(WORDS.encode(List.of("bag")));
    assertThat(WORDS.encode(List.of("bag, -- (bag)"))).containsExactly(998, WORDS.id("bag"), WORDS.id("bag"), 999,
        0, 0, 0, 0);
    assertThat(WORDS.encode(List.of("don't"))[1]).isEqualTo(WORDS.id("don't"));
    assertThat(WORDS.encode(List.of("Größe 42"))).containsExactly(998, WORDS.id("größe"), WORDS.id("42"), 999,
        0, 0, 0, 0);
  }

  @Test
  void everyWordIdIsBelowStartAndEndIsTheLargest() {
    for (String w : List.of("a", "photo", "sneaker", "x", "zzzz", "2024", "%")) {
      assertThat(WORDS.id(w)).isBetween(1L, 996L);
    }
    assertThat(WORDS.encode(List.of(""))).containsExactly(998, 999, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void aLongCaptionIsCutAndKeepsItsEnd() {
    long[] row = WORDS.encode(List.of("one two three four five six seven eight nine"));
    assertThat(row).containsExactly(998, WORDS.id("one"), WORDS.id("two"), WORDS.id("three"), WORDS.id("four"),
        WORDS.id("five"), WORDS.id("six"), 999);
  }

  @Test
  void aVocabularyTooSmallForWordsIsRefused() {
    assertThatThrownBy(() -> new WordTokenizer(77, 8)).hasMessageContaining("at least 16");
    assertThatThrownBy(() -> new ClipSpec(28, 7, 32, 2, 2, 4, 32, 2, 2, 77, 8, 32, null, 1e-3))
        .hasMessageContaining("dfn.model.vocab-size = 8 is too small for hashed words: set at least 16");
  }
}
