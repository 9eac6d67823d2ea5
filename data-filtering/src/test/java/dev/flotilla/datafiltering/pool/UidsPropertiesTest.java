package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** A uid is valid exactly when it is 32 lowercase hex digits, as DataComp writes them. */
class UidsPropertiesTest {

  @Property(tries = 500)
  void validExactlyWhen32LowercaseHexDigits(
      @ForAll @StringLength(min = 30, max = 34) @Chars({'0', '9', 'a', 'f', 'A', 'F', 'g', '/', ':', '`', 'é'})
      String candidate) {
    assertThat(Uids.isValid(candidate)).isEqualTo(candidate.matches("[0-9a-f]{32}"));
  }

  @Property(tries = 200)
  void hexDigitsAreValidAtLength32Only(@ForAll @StringLength(min = 31, max = 33) @Chars({'0', '1', '2', '3', '4', '5',
      '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'}) String hex, @ForAll @Chars({'G', 'A', 'z', ' '}) char bad) {
    assertThat(Uids.isValid(hex)).isEqualTo(hex.length() == 32);
    assertThat(Uids.isValid(hex.substring(1) + bad)).isFalse();
  }

  @Property(tries = 200)
  void everyMd5UidIsValid(@ForAll String name) {
    assertThat(Uids.isValid(Uids.of(name))).isTrue();
  }
}
