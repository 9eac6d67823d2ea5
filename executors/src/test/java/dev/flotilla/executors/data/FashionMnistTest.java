package dev.flotilla.executors.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path tmp;

  @Test
  void readsTheDebianPackage() throws Exception {
    LabeledImages test = FashionMnist.test(Path.of(FashionMnist.DEBIAN_DIR));
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.exampleSize()).isEqualTo(784);
    int[] counts = new int[10];
    for (int i = 0; i < test.size(); i++) {
      counts[test.label(i)]++;
    }
    assertThat(counts).containsOnly(1000); // the test split is balanced
    assertThat(FashionMnist.trainSize(Path.of(FashionMnist.DEBIAN_DIR))).isEqualTo(60_000);
  }

  private void idx(Path p, int magic, int[] dims, int dataBytes) throws Exception {
    try (OutputStream raw = Files.newOutputStream(p);
         DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(new byte[dataBytes]);
    }
  }

  @Test
  void truncatedImagesNameTheFile() throws Exception {
    idx(tmp.resolve("i.gz"), 0x803, new int[] {10, 28, 28}, 100);
    idx(tmp.resolve("l.gz"), 0x801, new int[] {10}, 10);
    assertThatThrownBy(() -> FashionMnist.read(tmp.resolve("i.gz"), tmp.resolve("l.gz")))
        .hasMessageContaining("i.gz is truncated");
  }

  @Test
  void wrongMagicAndCountMismatchAreNamed() throws Exception {
    idx(tmp.resolve("i.gz"), 0x801, new int[] {2}, 2);
    idx(tmp.resolve("l.gz"), 0x801, new int[] {2}, 2);
    assertThatThrownBy(() -> FashionMnist.read(tmp.resolve("i.gz"), tmp.resolve("l.gz")))
        .hasMessageContaining("i.gz is not an IDX file");
    idx(tmp.resolve("i.gz"), 0x803, new int[] {2, 2, 2}, 8);
    idx(tmp.resolve("l.gz"), 0x801, new int[] {3}, 3);
    assertThatThrownBy(() -> FashionMnist.read(tmp.resolve("i.gz"), tmp.resolve("l.gz")))
        .hasMessageContaining("has 3 labels but");
  }

  @Test
  void missingFilesPointToTheDebianPackage() {
    assertThatThrownBy(() -> FashionMnist.train(tmp.resolve("nowhere")))
        .hasMessageContaining("dataset-fashion-mnist");
  }

  private void dataset(int trainImageBytes) throws Exception {
    idx(tmp.resolve("train-images-idx3-ubyte.gz"), 0x803, new int[] {10, 28, 28}, trainImageBytes);
    idx(tmp.resolve("train-labels-idx1-ubyte.gz"), 0x801, new int[] {10}, 10);
    idx(tmp.resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[] {4, 28, 28}, 4 * 784);
    idx(tmp.resolve("t10k-labels-idx1-ubyte.gz"), 0x801, new int[] {4}, 4);
  }

  @Test
  void planTimeCheckCatchesTruncatedAndEmptyFilesWithTheExpectedSize() throws Exception {
    dataset(10 * 784);
    assertThat(FashionMnist.trainSize(tmp)).isEqualTo(10);
    dataset(5 * 784);
    assertThatThrownBy(() -> FashionMnist.trainSize(tmp))
        .hasMessageContaining("train-images-idx3-ubyte.gz is truncated: 3920 data bytes, expected 7840");
    dataset(10 * 784);
    Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), new byte[0]);
    assertThatThrownBy(() -> FashionMnist.trainSize(tmp))
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz is damaged").hasMessageNotContaining("null");
    Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
    assertThatThrownBy(() -> FashionMnist.trainSize(tmp))
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz is damaged");
  }

  @Test
  void anEmptyUncompressedFileSaysSo() throws Exception {
    Files.write(tmp.resolve("i"), new byte[0]);
    idx(tmp.resolve("l.gz"), 0x801, new int[] {1}, 1);
    assertThatThrownBy(() -> FashionMnist.read(tmp.resolve("i"), tmp.resolve("l.gz")))
        .hasMessageContaining("i is empty or shorter than its IDX header");
  }
}
