package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WalOptionsTest {

  @Test
  void defaultsAreDocumentedValues() {
    WalOptions defaults = WalOptions.defaults();
    assertThat(defaults.fileSizeBytes()).isEqualTo(64L << 20);
    assertThat(defaults.maxRecordBytes()).isEqualTo(256 << 20);
    assertThat(defaults.maxGroupDelay()).isZero();
    assertThat(defaults.fsync()).isTrue();
  }

  @Test
  void rejectsFileSizeOutOfRangeNamingTheSetting() {
    assertThatThrownBy(() -> WalOptions.defaults().withFileSizeBytes(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("WAL setting fileSizeBytes must be between 4096 and 1073741824 bytes, got 100");
    assertThatThrownBy(() -> WalOptions.defaults().withFileSizeBytes((1L << 30) + 1))
        .hasMessageContaining("fileSizeBytes");
  }

  @Test
  void rejectsMaxRecordBytesOutOfRangeNamingTheSetting() {
    assertThatThrownBy(() -> WalOptions.defaults().withMaxRecordBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("WAL setting maxRecordBytes must be between 1 and 1073741824 bytes, got 0");
    assertThatThrownBy(() -> WalOptions.defaults().withMaxRecordBytes(Integer.MAX_VALUE))
        .hasMessageContaining("maxRecordBytes");
  }

  @Test
  void rejectsNegativeOrExcessiveGroupDelay() {
    assertThatThrownBy(() -> WalOptions.defaults().withMaxGroupDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxGroupDelay must be between 0 and PT1S, got PT-0.001S");
    assertThatThrownBy(() -> WalOptions.defaults().withMaxGroupDelay(Duration.ofSeconds(2)))
        .hasMessageContaining("maxGroupDelay");
    assertThatThrownBy(() -> WalOptions.defaults().withMaxGroupDelay(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maxGroupDelay");
  }
}
