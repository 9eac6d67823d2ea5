package dev.flotilla.executors.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFilesTest {

  @TempDir Path tmp;

  @Test
  void documentsRoundTripAsLittleEndianU16WithMarkers() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("train.tok").toUri());
    String[] docs = {"héllo wörld", "", "second\ndocument \u2603"};
    try (OutputStream out = fs.create(file); TokenFiles.Writer w = new TokenFiles.Writer(out)) {
      for (String d : docs) {
        w.writeDocument(d.getBytes(StandardCharsets.UTF_8));
      }
    }
    char[] tokens = TokenFiles.read(fs, file);
    // The on-disk layout is what numpy.fromfile(f, "<u2") reads.
    byte[] raw = Files.readAllBytes(tmp.resolve("train.tok"));
    assertThat(raw.length).isEqualTo(tokens.length * 2);
    assertThat(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getShort(0)).isEqualTo((short) ByteTokens.DOC);
    int[] asInts = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      asInts[i] = tokens[i];
    }
    assertThat(ByteTokens.decode(asInts)).isEqualTo(String.join("", docs));
    assertThat(java.util.Arrays.stream(asInts).filter(t -> t == ByteTokens.DOC).count()).isEqualTo(3);
  }

  @Test
  void oddLengthsAndOutOfVocabularyTokensAreRefused() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Files.write(tmp.resolve("odd.tok"), new byte[] {1, 0, 2});
    assertThatThrownBy(() -> TokenFiles.read(fs, new org.apache.hadoop.fs.Path(tmp.resolve("odd.tok").toUri())))
        .hasMessageContaining("not a u16 token shard");
    Files.write(tmp.resolve("big.tok"), new byte[] {1, 0, (byte) 0xFF, 0x7F});
    assertThatThrownBy(() -> TokenFiles.read(fs, new org.apache.hadoop.fs.Path(tmp.resolve("big.tok").toUri())))
        .hasMessageContaining("outside the vocabulary of 258 byte tokens");
  }

  @Test
  void windowsAreInsideTheSplitAndConsecutiveOnesTileItsStart() {
    char[] tokens = new char[1000];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = (char) (i % 256);
    }
    Random r = new Random(1);
    for (int i = 0; i < 200; i++) {
      int[] w = TokenWindows.random(tokens, 65, r);
      int start = w[0];
      for (int j = 1; j < w.length; j++) {
        assertThat(w[j]).isEqualTo((start + j) % 256);
      }
    }
    List<int[]> c = TokenWindows.consecutive(tokens, 65, 100);
    assertThat(c).hasSize(1000 / 65);
    assertThat(c.get(1)[0]).isEqualTo(65);
    assertThatThrownBy(() -> TokenWindows.random(new char[10], 65, r)).hasMessageContaining("shorter than one window");
  }
}
