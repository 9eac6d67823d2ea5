package dev.flotilla.datafiltering.model;

import dev.flotilla.datafiltering.pool.GrayPng;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;

/**
 * A pool image as the filtering network's input: PNG/JPEG bytes decoded to 28x28 grayscale in
 * [0, 1]. Gray PNGs take the fast path ({@link GrayPng}); colour, palette and JPEG images go
 * through ImageIO.
 */
public final class ImagePreprocessing {

  private ImagePreprocessing() {}

  /**
   * {@code g} as 28x28 in [0, 1] at {@code x[offset..]}: each output pixel is the mean of the
   * source pixels it covers (the identity at 28x28; nearest pixel when enlarging).
   */
  private static void boxResample(GrayPng.Gray g, float[] x, int offset) {
    int w = g.width();
    int h = g.height();
    byte[] px = g.pixels();
    for (int oy = 0; oy < 28; oy++) {
      int y0 = oy * h / 28;
      int y1 = Math.max(y0 + 1, (oy + 1) * h / 28);
      for (int ox = 0; ox < 28; ox++) {
        int x0 = ox * w / 28;
        int x1 = Math.max(x0 + 1, (ox + 1) * w / 28);
        int sum = 0;
        for (int yy = y0; yy < y1; yy++) {
          for (int xx = x0; xx < x1; xx++) {
            sum += px[yy * w + xx] & 0xff;
          }
        }
        x[offset + oy * 28 + ox] = sum / (255f * (y1 - y0) * (x1 - x0));
      }
    }
  }

  /**
   * Decodes a PNG/JPEG into slot {@code at} of {@code x} as 28x28 grayscale in [0, 1] (other
   * sizes and colour images are converted), and its source width and height into
   * {@code size}; false if the bytes do not decode.
   */
  public static boolean decode(byte[] bytes, float[] x, int at, int[] size) {
    GrayPng.Gray gray;
    try {
      gray = GrayPng.decode(bytes); // the common case, ~50x faster than ImageIO
    } catch (java.util.zip.DataFormatException e) {
      return false;
    }
    if (gray != null) {
      size[0] = gray.width();
      size[1] = gray.height();
      boxResample(gray, x, at * 784);
      return true;
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
    if (img == null) {
      return false;
    }
    size[0] = img.getWidth();
    size[1] = img.getHeight();
    if (img.getWidth() != 28 || img.getHeight() != 28 || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      BufferedImage scaled = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      var g = scaled.createGraphics();
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, 28, 28, null);
      g.dispose();
      img = scaled;
    }
    var raster = img.getRaster();
    for (int yy = 0; yy < 28; yy++) {
      for (int xx = 0; xx < 28; xx++) {
        x[at * 784 + yy * 28 + xx] = raster.getSample(xx, yy, 0) / 255f;
      }
    }
    return true;
  }
}
