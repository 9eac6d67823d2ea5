package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BasicFilterTest {

  final BasicFilter dataComp = new BasicFilter(2, 5, 28, 3.0);

  @Test
  void captionsNeedMoreThanTwoWordsAndFiveCharacters() {
    assertThat(dataComp.reject("thumbnail", 28, 28)).contains(BasicFilter.SHORT_CAPTION);
    assertThat(dataComp.reject("click here", 28, 28)).contains(BasicFilter.SHORT_CAPTION);
    assertThat(dataComp.reject("a b c", 28, 28)).contains(BasicFilter.SHORT_CAPTION);
    assertThat(dataComp.reject("  ", 28, 28)).contains(BasicFilter.SHORT_CAPTION);
    assertThat(dataComp.reject("a dark large coat", 28, 28)).isEmpty();
  }

  @Test
  void imagesNeedTheMinimumSideAndARatioBelowTheLimit() {
    assertThat(dataComp.reject("a dark large coat", 20, 28)).contains(BasicFilter.SMALL_IMAGE);
    assertThat(dataComp.reject("a dark large coat", 90, 30)).contains(BasicFilter.ASPECT_RATIO);
    assertThat(dataComp.reject("a dark large coat", 80, 30)).isEmpty();
    assertThatThrownBy(() -> new BasicFilter(2, 5, 28, 0.5)).hasMessageContaining("max-aspect >= 1");
  }
}
