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
    byte[] cur = rgb;
    if (outW != w) {
      Coefficients c = coefficients(w, outW);
      byte[] out = new byte[outW * h * 3];
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < outW; xx++) {
          for (int ch = 0; ch < 3; ch++) {
            int ss = 1 << (PRECISION_BITS - 1);
            for (int x = 0; x < c.count[xx]; x++) {
              ss += (cur[(y * w + c.first[xx] + x) * 3 + ch] & 0xff) * c.weights[xx * c.ksize + x];
            }
            out[(y * outW + xx) * 3 + ch] = (byte) clip8(ss);
          }
        }
      }
      cur = out;
    }
    if (outH != h) {
      Coefficients c = coefficients(h, outH);
      byte[] out = new byte[outW * outH * 3];
      for (int yy = 0; yy < outH; yy++) {
        for (int x = 0; x < outW; x++) {
          for (int ch = 0; ch < 3; ch++) {
            int ss = 1 << (PRECISION_BITS - 1);
            for (int y = 0; y < c.count[yy]; y++) {
              ss += (cur[((c.first[yy] + y) * outW + x) * 3 + ch] & 0xff) * c.weights[yy * c.ksize + y];
            }
            out[(yy * outW + x) * 3 + ch] = (byte) clip8(ss);
          }
        }
      }
      cur = out;
    }
    return cur;
  }
}
