package dev.flotilla.datafiltering.model;

import dev.flotilla.datafiltering.pool.GrayPng;
import dev.flotilla.datafiltering.pool.SkipCounts;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * CLIP's image preprocessing, declared in the config: decode PNG or JPEG (RGB, RGBA, gray, gray
 * with alpha, palette, 16-bit) with ImageIO (JPEGs with libjpeg-turbo, PIL's decoder, where it is
 * installed: {@link TurboJpeg}), convert to RGB as PIL's {@code convert("RGB")} does
 * (alpha dropped, gray replicated, palette looked up; 16-bit samples keep their high byte), resize
 * the shorter side to {@code size} with Pillow's bicubic ({@link BicubicResize}), crop the centre
 * square, and normalise each channel with {@code mean} and {@code std}: torchvision's
 * {@code Resize(size, BICUBIC), CenterCrop(size), ToTensor(), Normalize(mean, std)} on PIL images.
 * Images it cannot use are a counted reason, never a silent zero image.
 *
 * @param size the square side the model takes (CLIP ViT-B: 224)
 * @param mean per-channel mean (R, G, B) of pixels in [0, 1]
 * @param std  per-channel standard deviation
 */
public record ClipPreprocessing(int size, List<Double> mean, List<Double> std) {

  /** OpenAI CLIP's normalisation. */
  public static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
  public static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

  public ClipPreprocessing {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (size < 1 || mean.size() != 3 || std.size() != 3 || std.stream().anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("preprocessing needs size >= 1, 3 means and 3 positive stds, got "
          + size + ", " + mean + ", " + std);
    }
  }

  /**
   * Pillow refuses to open larger images (twice its MAX_IMAGE_PIXELS); libjpeg-turbo decodes only
   * up to it (a larger one would take a 0.5 GB array and its native copy), the rest go to ImageIO.
   */
  static final long PIL_MAX_PIXELS = 178_956_970L;

  public static ClipPreprocessing clip(int size) {
    return new ClipPreprocessing(size, CLIP_MEAN, CLIP_STD);
  }

  /** Floats of one preprocessed image (3 x size x size). */
  public int floats() {
    return 3 * size * size;
  }

  /**
   * Writes the preprocessed image (channel-major) into slot {@code slot} of {@code x} and the
   * source width and height into {@code sourceSize}; or returns why it could not
   * ({@link SkipCounts#UNSUPPORTED_FORMAT}, {@link SkipCounts#UNDECODABLE}).
   */
  public Optional<String> apply(byte[] bytes, float[] x, int slot, int[] sourceSize) {
    byte[] rgb = new byte[3 * size * size];
    Optional<String> unusable = crop(bytes, rgb, 0, sourceSize);
    if (unusable.isEmpty()) {
      normalise(rgb, 0, x, slot);
    }
    return unusable;
  }

  /**
   * The image decoded, converted to RGB, resized and centre-cropped, as 8-bit interleaved RGB
   * (size x size x 3) into slot {@code slot} of {@code rgbOut}, before normalisation: a quarter
   * of the floats' memory, for sets held in memory ({@link #normalise} later). Same reasons as
   * {@link #apply}.
   */
  public Optional<String> crop(byte[] bytes, byte[] rgbOut, int slot, int[] sourceSize) {
    if (!isPng(bytes) && !isJpeg(bytes)) {
      return Optional.of(SkipCounts.UNSUPPORTED_FORMAT); // GIF, WebP, ... under a .png/.jpg name
    }
    GrayPng.Gray gray;
    try {
      gray = GrayPng.decode(bytes); // 8-bit gray PNGs (the demo pool's) without ImageIO: ~50x faster
    } catch (java.util.zip.DataFormatException e) {
      return Optional.of(SkipCounts.UNDECODABLE);
    }
    if (gray != null) {
      sourceSize[0] = gray.width();
      sourceSize[1] = gray.height();
      cropRgb(grayToRgb(gray.pixels()), gray.width(), gray.height(), rgbOut, slot);
      return Optional.empty();
    }
    if (isJpeg(bytes)) {
      TurboJpeg.Rgb jpeg = TurboJpeg.decode(bytes, PIL_MAX_PIXELS);
      if (jpeg != null) {
        sourceSize[0] = jpeg.width();
        sourceSize[1] = jpeg.height();
        cropRgb(jpeg.pixels(), jpeg.width(), jpeg.height(), rgbOut, slot);
        return Optional.empty();
      }
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      // ImageIO names colour models it has no conversion for (CMYK and YCCK JPEGs) "Unsupported".
      String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      return Optional.of(m.contains("unsupported") ? SkipCounts.UNSUPPORTED_FORMAT : SkipCounts.UNDECODABLE);
    }
    if (img == null) {
      return Optional.of(SkipCounts.UNDECODABLE);
    }
    byte[] rgb = rgb(img);
    if (rgb == null) {
      return Optional.of(SkipCounts.UNSUPPORTED_FORMAT);
    }
    sourceSize[0] = img.getWidth();
    sourceSize[1] = img.getHeight();
    cropRgb(rgb, img.getWidth(), img.getHeight(), rgbOut, slot);
    return Optional.empty();
  }

  /**
   * Gray pixels in [0, 1] (w x h at {@code gray[offset..]}, e.g. Fashion-MNIST's, stored as
   * value / 255) preprocessed as the same image read from an 8-bit gray PNG would be.
   */
  public void applyGray(float[] gray, int offset, int w, int h, float[] x, int slot) {
    byte[] px = new byte[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.round(gray[offset + i] * 255f);
    }
    byte[] rgb = new byte[3 * size * size];
    cropRgb(grayToRgb(px), w, h, rgb, 0);
    normalise(rgb, 0, x, slot);
  }

  private static byte[] grayToRgb(byte[] gray) {
    byte[] rgb = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      rgb[3 * i] = gray[i];
      rgb[3 * i + 1] = gray[i];
      rgb[3 * i + 2] = gray[i];
    }
    return rgb;
  }

  private static boolean isPng(byte[] b) {
    return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
  }

  /**
   * 8-bit RGB, read from the raster's samples rather than drawn through Java2D, which would
   * apply colour-space conversions PIL does not (a linear-gray image would be gamma-corrected).
   * Null for colour spaces other than RGB and gray.
   */
  static byte[] rgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster r = img.getRaster();
    byte[] out = new byte[w * h * 3];
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR
        && r.getDataBuffer() instanceof java.awt.image.DataBufferByte bytes
        && r.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm
        && sm.getScanlineStride() == 3 * w && sm.getPixelStride() == 3
        && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0) {
      // What ImageIO decodes a colour JPEG into: B, G, R bytes in rows; swapped in one pass
      // instead of 3 getSample calls a pixel (0.9 ms of a 640x480 image).
      byte[] bgr = bytes.getData();
      int at = bytes.getOffset();
      for (int i = 0; i < out.length; i += 3) {
        out[i] = bgr[at + i + 2];
        out[i + 1] = bgr[at + i + 1];
        out[i + 2] = bgr[at + i];
      }
      return out;
    }
    if (img.getColorModel() instanceof IndexColorModel icm) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = r.getSample(x, y, 0);
          int o = (y * w + x) * 3;
          out[o] = (byte) icm.getRed(i);
          out[o + 1] = (byte) icm.getGreen(i);
          out[o + 2] = (byte) icm.getBlue(i);
        }
      }
      return out;
    }
    int type = img.getColorModel().getColorSpace().getType();
    boolean gray = type == ColorSpace.TYPE_GRAY;
    if (!gray && type != ColorSpace.TYPE_RGB) {
      return null;
    }
    int shift = Math.max(0, img.getColorModel().getComponentSize(0) - 8);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          out[o + c] = (byte) (r.getSample(x, y, gray ? 0 : c) >> shift);
        }
      }
    }
    return out;
  }

  /** Shorter side to {@code size} (the longer one truncated, as torchvision), then the centre square. */
  private void cropRgb(byte[] rgb, int w, int h, byte[] out, int slot) {
    int shortSide = Math.min(w, h);
    int longSide = (int) ((long) size * Math.max(w, h) / shortSide);
    int nw = w <= h ? size : longSide;
    int nh = w <= h ? longSide : size;
    // torchvision: int(round((h - size) / 2.0)), and Python rounds halves to even, as Math.rint does.
    int top = (int) Math.rint((nh - size) / 2.0);
    int left = (int) Math.rint((nw - size) / 2.0);
    byte[] square = BicubicResize.resizeCrop(rgb, w, h, nw, nh, left, top, size, size);
    System.arraycopy(square, 0, out, slot * 3 * size * size, square.length);
  }

  /** Slot {@code rgbSlot} of {@link #crop}'s output, normalised into slot {@code slot} of {@code x} (channel-major). */
  public void normalise(byte[] rgb, int rgbSlot, float[] x, int slot) {
    int plane = size * size;
    int in = rgbSlot * 3 * plane;
    int offset = slot * 3 * plane;
    for (int c = 0; c < 3; c++) {
      float m = mean.get(c).floatValue();
      float s = std.get(c).floatValue();
      for (int i = 0; i < plane; i++) {
        x[offset + c * plane + i] = ((rgb[in + i * 3 + c] & 0xff) / 255f - m) / s;
      }
    }
  }
}
