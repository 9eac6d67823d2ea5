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
      byte[] png = GrayPng.encode(px, size[0], size[1]);
      assertThat(GrayPng.decode(png).pixels()).isEqualTo(px);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(img.getWidth()).isEqualTo(size[0]);
      assertThat(img.getHeight()).isEqualTo(size[1]);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          assertThat(img.getRaster().getSample(x, y, 0)).isEqualTo(px[y * size[0] + x] & 0xff);
        }
      }
    }
  }

  @Test
  void decodesImageIoGrayPngsWithEveryFilterAndDeclinesOtherKinds() throws Exception {
    // ImageIO's encoder picks filter types per row (sub, up, average, paeth) on smooth images.
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        img.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + (x * y) % 11) & 0xff);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    GrayPng.Gray g = GrayPng.decode(out.toByteArray());
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        assertThat(g.pixels()[y * 40 + x] & 0xff).isEqualTo(img.getRaster().getSample(x, y, 0));
      }
    }
    java.io.ByteArrayOutputStream rgb = new java.io.ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", rgb);
    assertThat(GrayPng.decode(rgb.toByteArray())).isNull();
    assertThat(GrayPng.decode(new byte[] {1, 2, 3})).isNull();
    byte[] cut = GrayPng.encode(new byte[784], 28, 28);
    byte[] broken = java.util.Arrays.copyOf(cut, cut.length);
    broken[45] ^= 0x55; // inside the compressed image data
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GrayPng.decode(broken))
        .isInstanceOf(java.util.zip.DataFormatException.class);
  }
}
