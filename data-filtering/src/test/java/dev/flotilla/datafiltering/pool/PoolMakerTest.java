package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A noisy pool from real Fashion-MNIST images. */
class PoolMakerTest {

  static LabeledImages images;

  @BeforeAll
  static void load() throws Exception {
    images = FashionMnist.train(Path.of(FashionMnist.DEBIAN_DIR)).head(1000);
  }

  @Test
  void stylesFollowTheConfiguredMixAndCaptionsMatchTheirStyle() throws Exception {
    PoolMaker maker = new PoolMaker(images, new double[] {0.4, 0.2, 0.2, 0.2}, 7);
    Map<CaptionStyle, Integer> counts = new EnumMap<>(CaptionStyle.class);
    Set<String> uids = new HashSet<>();
    for (long i = 0; i < 4000; i++) {
      PoolMaker.Made m = maker.make(i);
      counts.merge(m.style(), 1, Integer::sum);
      assertThat(uids.add(m.sample().uid())).isTrue();
      String text = m.sample().text();
      boolean namesItsClass = java.util.Arrays.stream(Captions.CLASS_WORDS[m.label()]).anyMatch(text::contains);
      if (m.style() == CaptionStyle.CORRECT) {
        assertThat(namesItsClass).as(text).isTrue();
      }
      if (m.style() == CaptionStyle.BOILERPLATE) {
        assertThat(java.util.Arrays.stream(Captions.CLASS_WORDS).flatMap(java.util.Arrays::stream)
            .noneMatch(w -> text.contains(" " + w))).as(text).isTrue();
      }
    }
    assertThat(counts.get(CaptionStyle.CORRECT)).isBetween(1500, 1700);
    assertThat(counts.get(CaptionStyle.MISMATCHED)).isBetween(700, 900);
  }

  @Test
  void samplesAreReproducibleDecodableAndAugmentedBeyondTheFirstPass() throws Exception {
    PoolMaker maker = new PoolMaker(images, new double[] {1, 0, 0, 0}, 3);
    PoolMaker.Made a = maker.make(5);
    PoolMaker.Made again = new PoolMaker(images, new double[] {1, 0, 0, 0}, 3).make(5);
    assertThat(again.sample().image()).isEqualTo(a.sample().image());
    assertThat(again.sample().text()).isEqualTo(a.sample().text());
    var img = ImageIO.read(new ByteArrayInputStream(a.sample().image()));
    assertThat(img.getWidth()).isEqualTo(28);
    assertThat(img.getHeight()).isEqualTo(28);
    // Index 1005 reuses image 5 of 1000, augmented: same label, different pixels.
    PoolMaker.Made copy = maker.make(1005);
    assertThat(copy.label()).isEqualTo(a.label());
    assertThat(copy.sample().image()).isNotEqualTo(a.sample().image());
    assertThat(copy.sample().uid()).isNotEqualTo(a.sample().uid());
  }

  @Test
  void badMixesAreNamed() {
    assertThatThrownBy(() -> new PoolMaker(images, new double[] {0.5, 0.5}, 1))
        .hasMessageContaining("one probability per caption style");
    assertThatThrownBy(() -> new PoolMaker(images, new double[] {0.5, 0.5, 0.5, 0}, 1))
        .hasMessageContaining("sum to 1");
  }
}
