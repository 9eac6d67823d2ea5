package dev.flotilla.ensembles.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unigram tokenizer trained by Debian's spm_train on real text (Python's standard library),
 * written as tokenizer.json and run by the HuggingFace library: text → ids → text gives the text
 * back, and the ids' byte shares sum to the text's UTF-8 bytes.
 */
class TextTokenizerTest {

  @TempDir static Path tmp;
  static Path json;
  static String training;

  @BeforeAll
  static void train() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of("/usr/lib/python3.11"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".py")).sorted().limit(40).toList()) {
        text.append(Files.readString(p, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    training = text.toString();
    Path input = tmp.resolve("train.txt");
    Files.writeString(input, training);
    Path work = Files.createDirectories(tmp.resolve("spm"));
    String tokenizer = SentencePieceTraining.train(input, 800, 1, 7, work);
    json = tmp.resolve("tokenizer.json");
    Files.writeString(json, tokenizer);
  }

  @Test
  void roundTripsTextAndCountsEveryByte() throws Exception {
    try (TextTokenizer t = TextTokenizer.load(json.toUri().toString(), new Configuration())) {
      assertThat(t.vocab()).isEqualTo(801);
      assertThat(t.documentMarker()).isEqualTo(800);
      for (String text : List.of(
          "def main(args):\n    return [x * 2 for x in args]  # doubled\n",
          "  leading spaces,\ttabs\r\n and trailing   ",
          "caf\u00e9 \u00fcber na\u00efve \u4e2d\u6587 \ud83d\ude00 \u20ac5",
          "",
          training.substring(0, 5000))) {
        TextTokenizer.Encoded e = t.encode(text);
        assertThat(t.decode(e.ids())).as(text).isEqualTo(text);
        assertThat(Arrays.stream(e.bytes()).sum()).as(text).isEqualTo(TextTokenizer.bytes(text));
        assertThat(Arrays.stream(e.ids()).allMatch(id -> id >= 0 && id < t.documentMarker())).isTrue();
      }
      // It learned pieces: Python code takes far fewer tokens than bytes (a byte tokenizer: 20,000).
      TextTokenizer.Encoded code = t.encode(training.substring(0, 20000));
      assertThat(code.ids().length).isLessThan(20000 * 6 / 10); // 10,268 measured at vocab 800
      // The document marker is dropped when decoding.
      int[] withMarker = {t.documentMarker(), t.encode("x = 1").ids()[0]};
      assertThat(t.decode(withMarker)).isEqualTo(t.decode(new int[] {withMarker[1]}));
    }
  }

  @Test
  void aFileThatIsNotATokenizerIsNamed() throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"not\": \"a tokenizer\"}");
    assertThatThrownBy(() -> TextTokenizer.load(bad.toString(), new Configuration()))
        .hasMessageStartingWith("tokenizer " + bad + " is not a HuggingFace tokenizer.json");
    assertThatThrownBy(() -> TextTokenizer.load(tmp.resolve("none.json").toString(), new Configuration()))
        .hasMessage("tokenizer " + tmp.resolve("none.json") + " does not exist");
  }
}
