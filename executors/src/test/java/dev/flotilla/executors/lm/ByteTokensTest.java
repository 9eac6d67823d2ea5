package dev.flotilla.executors.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ByteTokensTest {

  @Property(tries = 300)
  void anyTextRoundTrips(@ForAll String text) {
    // Strings with lone surrogates are not valid Unicode; compare what UTF-8 can carry.
    String representable = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(ByteTokens.decode(ByteTokens.encode(text))).isEqualTo(representable);
  }

  @Property(tries = 300)
  void anyBytesMapToTokensBelow256(@ForAll byte[] bytes) {
    int[] t = ByteTokens.encode(bytes);
    assertThat(t).hasSize(bytes.length);
    for (int i = 0; i < t.length; i++) {
      assertThat(t[i]).isBetween(0, 255).isEqualTo(bytes[i] & 0xFF);
    }
  }

  @Test
  void specialsAreSkippedWhenDecodingAndOutOfRangeIsRefused() {
    int[] t = {ByteTokens.DOC, 'h', 'i', ByteTokens.DOC, 0xC3, 0xA9};
    assertThat(ByteTokens.decode(t)).isEqualTo("hi\u00e9");
    assertThatThrownBy(() -> ByteTokens.decode(new int[] {ByteTokens.VOCAB})).hasMessageContaining("outside");
  }
}
