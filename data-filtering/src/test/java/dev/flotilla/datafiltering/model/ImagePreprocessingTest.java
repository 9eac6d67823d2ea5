package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.datafiltering.pool.GrayPng;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The scorer's image decoding: fast gray PNG path, box resampling, ImageIO fallback. */
class ImagePreprocessingTest {

  @Test
  void grayPngsOfAnySizeBecome28x28() throws Exception {
    byte[] small = new byte[784];
    new java.util.Random(1).nextBytes(small);
    float[] x = new float[2 * 784];
    int[] size = new int[2];
    assertThat(ImagePreprocessing.decode(GrayPng.encode(small, 28, 28), x, 1, size)).isTrue();
    assertThat(size).containsExactly(28, 28);
    for (int i = 0; i < 784; i++) {
      assertThat(x[784 + i]).isEqualTo((small[i] & 0xff) / 255f);
    }
    // 56x56 made of 2x2 blocks of values v and v+2: each output pixel is their mean v+1.
    byte[] big = new byte[56 * 56];
    for (int y = 0; y < 56; y++) {
      for (int xx = 0; xx < 56; xx++) {
        big[y * 56 + xx] = (byte) ((y / 2 * 28 + xx / 2) % 250 + (y % 2) * 2);
      }
    }
    assertThat(ImagePreprocessing.decode(GrayPng.encode(big, 56, 56), x, 0, size)).isTrue();
    assertThat(size).containsExactly(56, 56);
    for (int i = 0; i < 784; i++) {
      assertThat(x[i]).isCloseTo((i % 250 + 1) / 255f, within(1e-6f));
    }
  }

  @Test
  void colourJpegsGoThroughImageIoAndGarbageIsRefused() throws Exception {
    BufferedImage rgb = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int xx = 0; xx < 64; xx++) {
        rgb.setRGB(xx, y, 0xffffff);
      }
    }
    ByteArrayOutputStream jpg = new ByteArrayOutputStream();
    ImageIO.write(rgb, "jpg", jpg);
    float[] x = new float[784];
    int[] size = new int[2];
    assertThat(ImagePreprocessing.decode(jpg.toByteArray(), x, 0, size)).isTrue();
    assertThat(size).containsExactly(64, 32);
    assertThat(x[14 * 28 + 14]).isGreaterThan(0.95f); // white stays white
    assertThat(ImagePreprocessing.decode(new byte[] {1, 2, 3}, x, 0, size)).isFalse();
  }
}
