package dev.flotilla.datafiltering.model;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Colour test images of any size and PNG/JPEG encoding, drawn from a seed (no files needed). */
public final class TestImages {

  private TestImages() {}

  /** Smooth gradients plus a few hard-edged shapes, so both resampling and edges are exercised. */
  public static BufferedImage rgb(int w, int h, long seed) {
    Random rng = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    float a = rng.nextFloat();
    float b = rng.nextFloat();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (int) (255 * (0.5 + 0.5 * Math.sin(x * 0.05 * (1 + a) + y * 0.02)));
        int g = (int) (255 * y / (double) Math.max(1, h - 1));
        int bl = (int) (255 * (0.5 + 0.5 * Math.cos((x + y) * 0.03 * (1 + b))));
        img.setRGB(x, y, (r << 16) | (g << 8) | bl);
      }
    }
    var gfx = img.createGraphics();
    for (int i = 0; i < 4; i++) {
      gfx.setColor(new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
      gfx.fillRect(rng.nextInt(w), rng.nextInt(h), 1 + rng.nextInt(Math.max(1, w / 3)), 1 + rng.nextInt(Math.max(1, h / 3)));
    }
    gfx.dispose();
    return img;
  }

  /** {@code src} converted to an ImageIO type by copying samples (no colour management). */
  public static BufferedImage as(BufferedImage src, int type) {
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage out;
    if (type == BufferedImage.TYPE_BYTE_INDEXED) {
      // A 6x6x6 colour cube palette; each pixel takes its nearest entry.
      byte[] r = new byte[216];
      byte[] g = new byte[216];
      byte[] b = new byte[216];
      for (int i = 0; i < 216; i++) {
        r[i] = (byte) (i / 36 * 51);
        g[i] = (byte) (i / 6 % 6 * 51);
        b[i] = (byte) (i % 6 * 51);
      }
      out = new BufferedImage(w, h, type, new IndexColorModel(8, 216, r, g, b));
    } else {
      out = new BufferedImage(w, h, type);
    }
    var raster = out.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = src.getRGB(x, y);
        int r = p >> 16 & 0xff;
        int g = p >> 8 & 0xff;
        int b = p & 0xff;
        switch (type) {
          case BufferedImage.TYPE_BYTE_GRAY -> raster.setSample(x, y, 0, (r * 299 + g * 587 + b * 114) / 1000);
          case BufferedImage.TYPE_USHORT_GRAY -> raster.setSample(x, y, 0, (r * 299 + g * 587 + b * 114) / 1000 * 257);
          case BufferedImage.TYPE_4BYTE_ABGR -> {
            raster.setSample(x, y, 0, r);
            raster.setSample(x, y, 1, g);
            raster.setSample(x, y, 2, b);
            raster.setSample(x, y, 3, (x * 7 + y) % 256);
          }
          case BufferedImage.TYPE_BYTE_INDEXED ->
              raster.setSample(x, y, 0, (r + 25) / 51 * 36 + (g + 25) / 51 * 6 + (b + 25) / 51);
          default -> out.setRGB(x, y, p);
        }
      }
    }
    return out;
  }

  public static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.setUseCache(false);
    if (!ImageIO.write(img, format, out)) {
      throw new IOException("no ImageIO writer for " + format + " of type " + img.getType());
    }
    return out.toByteArray();
  }
}
