package dev.flotilla.datafiltering.model;

/**
 * Bicubic resizing of 8-bit interleaved RGB as Pillow does it ({@code Image.resize(size, BICUBIC)},
 * what torchvision's {@code Resize} runs on PIL images): a separable convolution with the cubic
 * kernel a = -0.5 whose support widens by the reduction factor when shrinking (antialiasing),
 * weights normalised per output pixel and held as 22-bit fixed point, the horizontal pass first
 * and each pass rounded and clipped to 8 bits. Matching those steps, rather than sampling the
 * kernel at a fixed width (Java2D's bicubic), keeps scores close to a PyTorch pipeline's.
 */
final class BicubicResize {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double SUPPORT = 2.0;

  private BicubicResize() {}

  private static double cubic(double x) {
    double a = -0.5;
    x = Math.abs(x);
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0;
  }

  /** Per output pixel: first input index, count, and fixed-point weights ({@code ksize} each). */
  private record Coefficients(int[] first, int[] count, int[] weights, int ksize) {}

  private static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(1, scale);
    double support = SUPPORT * filterScale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    int[] weights = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      int xmin = Math.max(0, (int) (center - support + 0.5));
      int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
      double sum = 0;
      for (int x = 0; x < xmax; x++) {
        k[x] = cubic((x + xmin - center + 0.5) / filterScale);
        sum += k[x];
      }
      for (int x = 0; x < xmax; x++) {
        double w = sum != 0 ? k[x] / sum : k[x];
        weights[xx * ksize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
      }
      first[xx] = xmin;
      count[xx] = xmax;
    }
    return new Coefficients(first, count, weights, ksize);
  }

  private static int clip8(int v) {
    return Math.max(0, Math.min(255, v >> PRECISION_BITS));
  }

  /** {@code rgb} (w x h, 3 bytes a pixel) resized to outW x outH. */
  static byte[] resize(byte[] rgb, int w, int h, int outW, int outH) {
    return resizeCrop(rgb, w, h, outW, outH, 0, 0, outW, outH);
  }

  /**
   * The {@code cropW x cropH} window at ({@code left}, {@code top}) of {@code rgb} resized to
   * outW x outH: the same bytes as cropping {@link #resize}'s output, without computing the
   * pixels the crop drops (every output pixel is its own weighted sum). The horizontal pass keeps
   * the three channels of a pixel in one loop; the vertical pass adds whole rows, which the JIT
   * vectorises. Integer sums, so the order of the terms does not change a byte.
   */
  static byte[] resizeCrop(byte[] rgb, int w, int h, int outW, int outH, int left, int top, int cropW, int cropH) {
    if (left < 0 || top < 0 || left + cropW > outW || top + cropH > outH) {
      throw new IllegalArgumentException("crop " + cropW + "x" + cropH + " at " + left + "," + top
          + " is not inside " + outW + "x" + outH);
    }
    Coefficients cy = outH != h ? coefficients(h, outH) : null;
    // Input rows the vertical pass reads for the kept output rows.
    int rowFrom = cy == null ? top : cy.first[top];
    int rowTo = cy == null ? top + cropH : cy.first[top + cropH - 1] + cy.count[top + cropH - 1];
    int rowBytes = cropW * 3;
    byte[] horizontal = new byte[(rowTo - rowFrom) * rowBytes];
    if (outW != w) {
      Coefficients c = coefficients(w, outW);
      for (int y = rowFrom; y < rowTo; y++) {
        int o = (y - rowFrom) * rowBytes;
        for (int xx = left; xx < left + cropW; xx++) {
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          int p = (y * w + c.first[xx]) * 3;
          int k = xx * c.ksize;
          for (int x = 0; x < c.count[xx]; x++, p += 3) {
            int weight = c.weights[k + x];
            s0 += (rgb[p] & 0xff) * weight;
            s1 += (rgb[p + 1] & 0xff) * weight;
            s2 += (rgb[p + 2] & 0xff) * weight;
          }
          horizontal[o++] = (byte) clip8(s0);
          horizontal[o++] = (byte) clip8(s1);
          horizontal[o++] = (byte) clip8(s2);
        }
      }
    } else {
      for (int y = rowFrom; y < rowTo; y++) {
        System.arraycopy(rgb, (y * w + left) * 3, horizontal, (y - rowFrom) * rowBytes, rowBytes);
      }
    }
    if (cy == null) {
      return horizontal;
    }
    byte[] out = new byte[cropH * rowBytes];
    int[] sum = new int[rowBytes];
    for (int yy = top; yy < top + cropH; yy++) {
      java.util.Arrays.fill(sum, 1 << (PRECISION_BITS - 1));
      int k = yy * cy.ksize;
      for (int y = 0; y < cy.count[yy]; y++) {
        int weight = cy.weights[k + y];
        int row = (cy.first[yy] + y - rowFrom) * rowBytes;
        for (int i = 0; i < rowBytes; i++) {
          sum[i] += (horizontal[row + i] & 0xff) * weight;
        }
      }
      int o = (yy - top) * rowBytes;
      for (int i = 0; i < rowBytes; i++) {
        out[o + i] = (byte) clip8(sum[i]);
      }
    }
    return out;
  }
}
