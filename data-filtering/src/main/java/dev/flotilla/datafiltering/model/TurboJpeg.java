package dev.flotilla.datafiltering.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG API through JNA: the decoder PIL uses, with PIL's
 * settings (accurate integer IDCT, smooth chroma upsampling), and SIMD-fast where the JDK's JPEG
 * reader (IJG libjpeg 6b, no SIMD) took ~3 ms of a 640x480 image's ~8 ms of preprocessing.
 * Where {@code libturbojpeg.so.0} is not installed (Debian: {@code libturbojpeg0}) or an image is
 * anything but a clean decode into RGB (CMYK, a warning such as a truncated file), {@link #decode}
 * returns null and the caller reads the image with ImageIO, as before. Thread-safe: a decoder
 * handle per call.
 */
final class TurboJpeg {

  private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);
  private static final int TJPF_RGB = 0;
  private static final int TJCS_CMYK = 3;
  private static final int TJCS_YCCK = 4;

  /** The four calls of the TurboJPEG 2 API used here. */
  private interface Lib extends Library {
    Pointer tjInitDecompress();

    int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong size, int[] width, int[] height,
        int[] subsampling, int[] colorspace);

    int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong size, byte[] rgb, int width, int pitch,
        int height, int pixelFormat, int flags);

    int tjDestroy(Pointer handle);
  }

  /** Interleaved 8-bit RGB, {@code width x height}. */
  record Rgb(byte[] pixels, int width, int height) {}

  private static final Lib LIB = load();

  private TurboJpeg() {}

  private static Lib load() {
    if ("0".equals(System.getenv("FLOTILLA_TURBOJPEG"))) {
      return null;
    }
    LinkageError missing = null;
    // Debian's libturbojpeg0 ships only the versioned name, without the -dev package's symlink.
    for (String name : new String[] {"turbojpeg", "libturbojpeg.so.0"}) {
      try {
        return Native.load(name, Lib.class);
      } catch (LinkageError e) {
        // UnsatisfiedLinkError: no such library; NoClassDefFoundError: JNA's own native part did
        // not load (musl, a noexec temp dir, a platform the shaded jar leaves out).
        missing = e;
      }
    }
    LOG.info("JPEGs are decoded with the JDK's reader: no libturbojpeg here ({})", missing.getMessage());
    return null;
  }

  static boolean available() {
    return LIB != null;
  }

  /**
   * The JPEG's pixels as RGB, or null when this decoder is not the one to use (no library, a
   * CMYK/YCCK image, any warning or error): the caller then reads it with ImageIO. Images larger
   * than {@code maxPixels} are not decoded here either.
   */
  static Rgb decode(byte[] jpeg, long maxPixels) {
    if (LIB == null) {
      return null;
    }
    Pointer h = LIB.tjInitDecompress();
    if (h == null) {
      return null;
    }
    // Copied to native memory once for both calls (a byte[] argument is copied in and back out
    // on every call).
    try (com.sun.jna.Memory in = new com.sun.jna.Memory(Math.max(1, jpeg.length))) {
      in.write(0, jpeg, 0, jpeg.length);
      NativeLong size = new NativeLong(jpeg.length);
      int[] w = new int[1];
      int[] ht = new int[1];
      int[] sub = new int[1];
      int[] cs = new int[1];
      if (LIB.tjDecompressHeader3(h, in, size, w, ht, sub, cs) != 0
          || cs[0] == TJCS_CMYK || cs[0] == TJCS_YCCK || (long) w[0] * ht[0] > maxPixels) {
        return null;
      }
      byte[] rgb = new byte[w[0] * ht[0] * 3];
      if (LIB.tjDecompress2(h, in, size, rgb, w[0], 0, ht[0], TJPF_RGB, 0) != 0) {
        return null; // a warning (e.g. a truncated file) as well as an error: ImageIO decides
      }
      return new Rgb(rgb, w[0], ht[0]);
    } finally {
      LIB.tjDestroy(h);
    }
  }
}
