package io.quiver.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LikePatternTest {

  private static boolean like(String s, String pattern) {
    return LikePattern.compile(pattern).matches(s);
  }

  @Test
  void matchesPrefixSuffixInfixAndExactPatterns() {
    assertThat(like("apple", "app%")).isTrue();
    assertThat(like("apple", "ple%")).isFalse();
    assertThat(like("apple", "%ple")).isTrue();
    assertThat(like("apple", "%pl%")).isTrue();
    assertThat(like("apple", "%%pl%%")).isTrue();
    assertThat(like("apple", "apple")).isTrue();
    assertThat(like("apple", "Apple")).isFalse();
    assertThat(like("", "%")).isTrue();
    assertThat(like("", "")).isTrue();
    assertThat(like("a", "")).isFalse();
  }

  @Test
  void matchesGeneralPatternsWithBacktracking() {
    assertThat(like("abcabd", "%ab_")).isTrue();
    assertThat(like("abcabd", "a%c%d")).isTrue();
    assertThat(like("abcabd", "a%c%e")).isFalse();
    assertThat(like("aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "%a%a%a%a%a%b")).isTrue();
    assertThat(like("ab", "a_b")).isFalse();
    assertThat(like("a\nb", "a_b")).isTrue();
    assertThat(like("😀", "_")).isTrue();
    assertThat(like("x😀y", "x_y")).isTrue();
    assertThat(like("x😀y", "x__y")).isFalse();
  }

  @Test
  void backslashEscapesWildcards() {
    assertThat(like("100%", "100\\%")).isTrue();
    assertThat(like("1000", "100\\%")).isFalse();
    assertThat(like("a_b", "a\\_b")).isTrue();
    assertThat(like("axb", "a\\_b")).isFalse();
    assertThat(like("a\\b", "a\\\\b")).isTrue();
    assertThat(like("50% off", "%\\%%")).isTrue();
    assertThat(like("trailing\\", "trailing\\")).isTrue();
  }
}
