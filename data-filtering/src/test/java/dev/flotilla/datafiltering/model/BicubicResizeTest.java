package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fast resize-and-crop gives the same bytes as resizing the whole image pixel by pixel (the
 * plain reading of Pillow's two passes, kept here as the reference) and cropping after.
 */
class BicubicResizeTest {

  @Property(tries = 200)
  void resizeCropIsTheCropOfTheWholeResize(@ForAll @IntRange(min = 1, max = 48) int w,
      @ForAll @IntRange(min = 1, max = 48) int h, @ForAll @IntRange(min = 1, max = 48) int outW,
      @ForAll @IntRange(min = 1, max = 48) int outH, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] rgb = new byte[w * h * 3];
    r.nextBytes(rgb);
    int cropW = 1 + r.nextInt(outW);
    int cropH = 1 + r.nextInt(outH);
    int left = r.nextInt(outW - cropW + 1);
    int top = r.nextInt(outH - cropH + 1);
    byte[] whole = reference(rgb, w, h, outW, outH);
    byte[] expected = new byte[cropW * cropH * 3];
    for (int y = 0; y < cropH; y++) {
      System.arraycopy(whole, ((top + y) * outW + left) * 3, expected, y * cropW * 3, cropW * 3);
    }
    assertThat(BicubicResize.resizeCrop(rgb, w, h, outW, outH, left, top, cropW, cropH)).isEqualTo(expected);
    assertThat(BicubicResize.resize(rgb, w, h, outW, outH)).isEqualTo(whole);
  }

  /** Pillow's horizontal then vertical pass, one output sample at a time. */
  private static byte[] reference(byte[] rgb, int w, int h, int outW, int outH) {
    byte[] cur = rgb;
    int curW = w;
    if (outW != w) {
      int[][] k = kernel(w, outW);
      byte[] out = new byte[outW * h * 3];
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < outW; xx++) {
          for (int ch = 0; ch < 3; ch++) {
            int ss = 1 << 21;
            for (int x = 0; x < k[xx].length - 1; x++) {
              ss += (cur[(y * w + k[xx][0] + x) * 3 + ch] & 0xff) * k[xx][x + 1];
            }
            out[(y * outW + xx) * 3 + ch] = (byte) Math.max(0, Math.min(255, ss >> 22));
          }
        }
      }
      cur = out;
      curW = outW;
    }
    if (outH != h) {
      int[][] k = kernel(h, outH);
      byte[] out = new byte[curW * outH * 3];
      for (int yy = 0; yy < outH; yy++) {
        for (int x = 0; x < curW; x++) {
          for (int ch = 0; ch < 3; ch++) {
            int ss = 1 << 21;
            for (int y = 0; y < k[yy].length - 1; y++) {
              ss += (cur[((k[yy][0] + y) * curW + x) * 3 + ch] & 0xff) * k[yy][y + 1];
            }
            out[(yy * curW + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, ss >> 22));
          }
        }
      }
      cur = out;
    }
    return cur;
  }

  /** Per output index: first input index, then the 22-bit fixed-point weights (Pillow's). */
  private static int[][] kernel(int in, int out) {
    double scale = (double) in / out;
    double filterScale = Math.max(1, scale);
    double support = 2.0 * filterScale;
    int[][] k = new int[out][];
    for (int xx = 0; xx < out; xx++) {
      double center = (xx + 0.5) * scale;
      int xmin = Math.max(0, (int) (center - support + 0.5));
      int n = Math.min(in, (int) (center + support + 0.5)) - xmin;
      double[] v = new double[n];
      double sum = 0;
      for (int x = 0; x < n; x++) {
        double t = Math.abs((x + xmin - center + 0.5) / filterScale);
        v[x] = t < 1 ? (1.5 * t - 2.5) * t * t + 1 : t < 2 ? (((t - 5) * t + 8) * t - 4) * -0.5 : 0;
        sum += v[x];
      }
      k[xx] = new int[n + 1];
      k[xx][0] = xmin;
      for (int x = 0; x < n; x++) {
        double wt = sum != 0 ? v[x] / sum : v[x];
        k[xx][x + 1] = (int) (wt < 0 ? -0.5 + wt * (1 << 22) : 0.5 + wt * (1 << 22));
      }
    }
    return k;
  }
}
