package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CLIP tokenizer.json read through DJL's HuggingFace tokenizers, laid out as clip.tokenize does. */
class ClipBpeTokenizerTest {

  @TempDir Path tmp;

  @Test
  void captionsBecomeStartTokensEndAndZeros() throws Exception {
    Path file = tmp.resolve("tokenizer.json");
    ClipTokenizerJson json = new ClipTokenizerJson(List.of("p h", "ph o", "pho t", "phot o</w>"), true, file);
    try (ClipBpeTokenizer t = ClipBpeTokenizer.load(file.toUri().toString(), new Configuration(), 77)) {
      long[] ids = t.encode(List.of("A  Photo of a cat!!", "x".repeat(200)));
      assertThat(ids).hasSize(2 * 77);
      long sot = json.vocab.get("<|startoftext|>");
      long eot = json.vocab.get("<|endoftext|>");
      // Lower-cased, split into words, byte-level BPE with the merges: "photo</w>" is one token.
      long[] first = {sot, json.vocab.get("a</w>"), json.vocab.get("photo</w>"), json.vocab.get("o"),
          json.vocab.get("f</w>"), json.vocab.get("a</w>"), json.vocab.get("c"), json.vocab.get("a"),
          json.vocab.get("t</w>"), json.vocab.get("!"), json.vocab.get("!</w>"), eot};
      assertThat(Arrays.copyOf(ids, first.length)).containsExactly(first);
      assertThat(Arrays.copyOfRange(ids, first.length, 77)).containsOnly(0L);
      // Too long: cut, and the end token is still the last (CLIP pools there).
      assertThat(ids[77]).isEqualTo(sot);
      assertThat(ids[77 + 76]).isEqualTo(eot);
      assertThat(Arrays.copyOfRange(ids, 78, 77 + 76)).containsOnly((long) json.vocab.get("x"));
    }
  }

  @Test
  void aMissingOrUnfitTokenizerIsOneLineNamingTheFile() throws Exception {
    String missing = tmp.resolve("none.json").toUri().toString();
    assertThatThrownBy(() -> ClipBpeTokenizer.load(missing, new Configuration(), 77))
        .hasMessage("tokenizer " + missing + " does not exist");
    Path notJson = tmp.resolve("bad.json");
    Files.writeString(notJson, "{\"not\": \"a tokenizer\"}");
    assertThatThrownBy(() -> ClipBpeTokenizer.load(notJson.toString(), new Configuration(), 77))
        .hasMessageStartingWith("tokenizer " + notJson + " is not a HuggingFace tokenizer.json");
    Path plain = tmp.resolve("plain.json");
    new ClipTokenizerJson(List.of(), false, plain);
    assertThatThrownBy(() -> ClipBpeTokenizer.load(plain.toString(), new Configuration(), 77))
        .hasMessage("tokenizer " + plain + " has no <|startoftext|> token (CLIP's start/end of text)");
  }
}
