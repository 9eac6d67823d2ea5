package dev.flotilla.ensembles.corpus.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * How hard a domain's text is to predict, without training a network: bits per byte of an
 * interpolated Witten-Bell byte n-gram model ({@code order} bytes of context) trained on one
 * text and scored on held-out documents. The adaptive score also counts each scored document's
 * own n-grams as it reads them (as PPM does), reset between documents; the static score does
 * not. The lzma score is xz's conditional cost, {@code 8 (|xz(train + test)| - |xz(train)|) / |test|}.
 */
public final class ByteNgramDifficulty {

  /** Bits per byte: adaptive (the difficulty), static, lzma; and the bytes trained on and scored. */
  public record Scores(double adaptive, double statik, double lzma, long trainBytes, long testBytes) {}

  private final int order;
  /** counts[n]: n-gram counts, n = 1..order+1; total[k], types[k]: per context of k bytes. */
  private final Map<Long, Integer>[] counts;
  private final Map<Long, Integer>[] total;
  private final Map<Long, Integer>[] types;

  @SuppressWarnings("unchecked")
  private ByteNgramDifficulty(byte[] train, int order) {
    this.order = order;
    counts = new Map[order + 2];
    total = new Map[order + 1];
    types = new Map[order + 1];
    for (int n = 1; n <= order + 1; n++) {
      Map<Long, Integer> c = new HashMap<>();
      for (int i = 0; i + n <= train.length; i++) {
        c.merge(key(train, i, n), 1, Integer::sum);
      }
      Map<Long, Integer> t = new HashMap<>();
      Map<Long, Integer> ty = new HashMap<>();
      for (Map.Entry<Long, Integer> e : c.entrySet()) {
        long h = context(e.getKey());
        t.merge(h, e.getValue(), Integer::sum);
        ty.merge(h, 1, Integer::sum);
      }
      counts[n] = c;
      total[n - 1] = t;
      types[n - 1] = ty;
    }
  }

  /** Scores {@code test} (held-out documents) with a model trained on {@code train}. */
  public static Scores score(byte[] train, List<byte[]> test, int order) {
    ByteNgramDifficulty model = new ByteNgramDifficulty(train, order);
    double statik = 0;
    double adaptive = 0;
    long n = 0;
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] doc : test) {
      double[] bits = model.bits(doc);
      statik += bits[0];
      adaptive += bits[1];
      n += doc.length;
      joined.writeBytes(doc);
    }
    byte[] both = new byte[train.length + joined.size()];
    System.arraycopy(train, 0, both, 0, train.length);
    System.arraycopy(joined.toByteArray(), 0, both, train.length, joined.size());
    double lzma = 8.0 * (xzSize(both) - xzSize(train)) / n;
    return new Scores(adaptive / n, statik / n, lzma, train.length, n);
  }

  /** The n bytes at {@code from} as one long, with a leading 1 bit so that lengths differ. */
  private static long key(byte[] b, int from, int n) {
    long k = 1;
    for (int i = from; i < from + n; i++) {
      k = (k << 8) | (b[i] & 0xff);
    }
    return k;
  }

  /** The n-gram without its last byte. */
  private static long context(long gram) {
    return gram >>> 8;
  }

  private static int get(Map<Long, Integer> m, long k) {
    Integer v = m.get(k);
    return v == null ? 0 : v;
  }

  /** Bits to code one document: {static, adaptive}. */
  private double[] bits(byte[] doc) {
    @SuppressWarnings("unchecked")
    Map<Long, Integer>[] lcounts = new Map[order + 2];
    @SuppressWarnings("unchecked")
    Map<Long, Integer>[] ltotal = new Map[order + 1];
    @SuppressWarnings("unchecked")
    Map<Long, Integer>[] ltypes = new Map[order + 1];
    for (int k = 0; k <= order; k++) {
      lcounts[k + 1] = new HashMap<>();
      ltotal[k] = new HashMap<>();
      ltypes[k] = new HashMap<>();
    }
    double bStatic = 0;
    double bAdapt = 0;
    for (int i = 0; i < doc.length; i++) {
      double ps = 1.0 / 256;
      double pa = 1.0 / 256;
      boolean staticOn = true;
      int top = Math.min(order, i);
      for (int k = 0; k <= top; k++) {
        long h = key(doc, i - k, k);
        long g = key(doc, i - k, k + 1);
        int nh = get(total[k], h);
        int mh = get(ltotal[k], h);
        if (nh == 0 && mh == 0) {
          break; // a longer context is unseen as well
        }
        int cg = get(counts[k + 1], g);
        int th = get(types[k], h);
        if (staticOn && nh > 0) {
          ps = (cg + th * ps) / (nh + th);
        } else {
          staticOn = false;
        }
        th += get(ltypes[k], h);
        pa = (cg + get(lcounts[k + 1], g) + th * pa) / (nh + mh + th);
      }
      bStatic -= Math.log(ps) / Math.log(2);
      bAdapt -= Math.log(pa) / Math.log(2);
      for (int k = 0; k <= top; k++) {
        long h = key(doc, i - k, k);
        long g = key(doc, i - k, k + 1);
        if (!lcounts[k + 1].containsKey(g) && !counts[k + 1].containsKey(g)) {
          ltypes[k].merge(h, 1, Integer::sum);
        }
        lcounts[k + 1].merge(g, 1, Integer::sum);
        ltotal[k].merge(h, 1, Integer::sum);
      }
    }
    return new double[] {bStatic, bAdapt};
  }

  private static long xzSize(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(6))) {
      xz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }
}
