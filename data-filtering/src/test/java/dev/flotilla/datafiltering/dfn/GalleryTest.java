package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gallery's pairs: picked from a score stream in any order, per group around the threshold. */
class GalleryTest {

  @Test
  void picksTheTopTheNeighboursOfTheThresholdAndTheBottom() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(4));
    Gallery.Picker picker = new Gallery.Picker(3, 0.70f);
    for (int i : order) {
      picker.accept("u" + i, i / 100f);
    }
    Map<String, Gallery.Entry> picked = picker.picked();
    assertThat(picked.values()).extracting(Gallery.Entry::group).containsExactly("top", "top", "top",
        "just_above", "just_above", "just_above", "just_below", "just_below", "just_below", "bottom", "bottom", "bottom");
    assertThat(picked.keySet()).containsExactly("u99", "u98", "u97", "u70", "u71", "u72", "u69", "u68", "u67",
        "u0", "u1", "u2");
  }

  @Test
  void aPairInTwoGroupsIsShownOnceAndThumbnailsAreSmallPngs() throws Exception {
    Gallery.Picker picker = new Gallery.Picker(8, 0.5f);
    picker.accept("a", 0.9f);
    picker.accept("b", 0.1f);
    assertThat(picker.picked().keySet()).containsExactly("a", "b");
    java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(640, 320, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream jpg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(big, "jpg", jpg);
    var thumb = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(Gallery.thumbnail(jpg.toByteArray())));
    assertThat(thumb.getWidth()).isEqualTo(128);
    assertThat(thumb.getHeight()).isEqualTo(64);
    assertThat(Gallery.thumbnail(new byte[] {1, 2, 3})).isNull();
  }
}
