package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The gallery picker's {@code wants} only ever turns away pairs {@code accept} would drop: a pass
 * that offers just the wanted pairs (and decodes just their uids) picks exactly what offering
 * every pair picks, ties at heap heads included.
 */
class GalleryPickerPropertiesTest {

  @Property(tries = 300)
  void offeringOnlyWantedPairsPicksTheSame(@ForAll @Size(max = 200) List<@IntRange(min = -20, max = 20) Integer> levels,
      @ForAll @IntRange(min = -20, max = 20) int thresholdLevel, @ForAll @IntRange(min = 1, max = 9) int perGroup) {
    // Scores on a coarse grid of 41 levels: many ties, both at the threshold and at the heaps' heads.
    float threshold = thresholdLevel / 20f;
    Gallery.Picker all = new Gallery.Picker(perGroup, threshold);
    Gallery.Picker wanted = new Gallery.Picker(perGroup, threshold);
    List<String> offered = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      float score = levels.get(i) / 20f;
      String uid = String.format("u%03d", (i * 37) % 211); // uids out of score order, so ties break by uid
      all.accept(uid, score);
      if (wanted.wants(score)) {
        wanted.accept(uid, score);
        offered.add(uid);
      }
    }
    Map<String, Gallery.Entry> expected = all.picked();
    assertThat(wanted.picked()).containsExactlyEntriesOf(expected);
    assertThat(offered).containsAll(expected.keySet());
  }
}
