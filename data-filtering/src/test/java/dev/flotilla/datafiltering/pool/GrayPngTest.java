package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class GrayPngTest {

  @Test
  void imageIoDecodesEveryPixelBack() throws Exception {
    java.util.Random rng = new java.util.Random(3);
    for (int[] size : new int[][] {{28, 28}, {1, 1}, {57, 13}}) {
      byte[] px = new byte[size[0] * size[1]];
      rng.nextBytes(px);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(GrayPng.encode(px, size[0], size[1])));
      assertThat(img.getWidth()).isEqualTo(size[0]);
      assertThat(img.getHeight()).isEqualTo(size[1]);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          assertThat(img.getRaster().getSample(x, y, 0)).isEqualTo(px[y * size[0] + x] & 0xff);
        }
      }
    }
  }
}
