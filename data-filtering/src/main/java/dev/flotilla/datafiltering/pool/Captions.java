package dev.flotilla.datafiltering.pool;

import java.util.Locale;
import java.util.Random;

/**
 * Captions for Fashion-MNIST images in the styles of {@link CaptionStyle}. Attributes come from
 * the pixels (how dark the item is, how much of the frame it fills), so a correct caption is
 * correct about more than the class.
 */
public final class Captions {

  /** Class words, in label order (several per class, as people write them). */
  static final String[][] CLASS_WORDS = {
      {"t-shirt", "tee", "top"}, {"trousers", "pants", "jeans"}, {"pullover", "sweater", "jumper"},
      {"dress", "gown", "frock"}, {"coat", "jacket", "parka"}, {"sandal", "sandals", "flip-flop"},
      {"shirt", "blouse", "button-down shirt"}, {"sneaker", "trainers", "running shoe"},
      {"bag", "handbag", "purse"}, {"ankle boot", "boot", "bootie"}};

  private static final String[] TEMPLATES = {
      "a photo of a %s %s", "%s %s, product photo", "%s %s on a plain background",
      "new %s %s for sale", "close-up of a %s %s", "my favourite %s %s", "%s %s, front view"};
  private static final String[] BOILERPLATE = {
      "IMG_%04d.png", "click here to see more", "best cheap deals free shipping %d",
      "untitled-%d", "thumbnail", "image %d of 24", "DSC%05d.JPG", "Shop now! Limited offer %d%% off",
      "photo", "click to enlarge"};
  private static final String[] SPAM = {"free shipping", "best price", "buy now", "sale", "2024"};

  private Captions() {}

  /** Measured attributes of a 28x28 grayscale image with pixels in [0, 1]. */
  public static String attributes(float[] pixels, int offset, int size) {
    double ink = 0;
    int covered = 0;
    for (int i = 0; i < size; i++) {
      float p = pixels[offset + i];
      ink += p;
      covered += p > 0.1f ? 1 : 0;
    }
    double meanInk = covered == 0 ? 0 : ink / covered;
    String tone = meanInk > 0.6 ? "light" : meanInk > 0.35 ? "grey" : "dark";
    String fill = covered > size * 0.55 ? "large" : covered < size * 0.3 ? "small" : "medium";
    return tone + " " + fill;
  }

  public static String correct(int label, String attributes, Random rng) {
    String word = CLASS_WORDS[label][rng.nextInt(CLASS_WORDS[label].length)];
    return String.format(Locale.ROOT, TEMPLATES[rng.nextInt(TEMPLATES.length)], attributes, word);
  }

  public static String boilerplate(Random rng) {
    return String.format(Locale.ROOT, BOILERPLATE[rng.nextInt(BOILERPLATE.length)], rng.nextInt(10_000));
  }

  /** The right attributes and template, a wrong class, and spam appended. */
  public static String partlyWrong(int label, String attributes, Random rng) {
    int wrong = (label + 1 + rng.nextInt(CLASS_WORDS.length - 1)) % CLASS_WORDS.length;
    return correct(wrong, attributes, rng) + " " + SPAM[rng.nextInt(SPAM.length)];
  }
}
