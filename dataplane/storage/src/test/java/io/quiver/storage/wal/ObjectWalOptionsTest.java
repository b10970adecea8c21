package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectWalOptionsTest {

  @Test
  void defaultsAreDocumentedValues() {
    ObjectWalOptions defaults = ObjectWalOptions.defaults();
    assertThat(defaults.maxBatchBytes()).isEqualTo(8 << 20);
    assertThat(defaults.maxBatchRecords()).isEqualTo(100_000);
    assertThat(defaults.maxGroupDelay()).isZero();
    assertThat(defaults.writeDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.maxRecordBytes()).isEqualTo(64 << 20);
  }

  @Test
  void rejectsBatchLimitsOutOfRangeNamingTheSetting() {
    assertThatThrownBy(() -> ObjectWalOptions.defaults().withMaxBatchBytes(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object WAL setting maxBatchBytes must be between 1024 and 1073741824 bytes, got 100");
    assertThatThrownBy(() -> ObjectWalOptions.defaults().withMaxBatchRecords(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object WAL setting maxBatchRecords must be between 1 and 10000000, got 0");
  }

  @Test
  void rejectsDurationsOutOfRangeNamingTheSetting() {
    assertThatThrownBy(() -> ObjectWalOptions.defaults().withMaxGroupDelay(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGroupDelay must be between 0 and PT1S");
    assertThatThrownBy(() -> ObjectWalOptions.defaults().withWriteDeadline(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object WAL setting writeDeadline must be between PT0.1S and PT1H, got PT0.01S");
    assertThatThrownBy(() -> ObjectWalOptions.defaults().withWriteDeadline(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("writeDeadline");
  }

  @Test
  void rejectsMaxRecordBytesOutOfRange() {
    assertThatThrownBy(() -> ObjectWalOptions.defaults().withMaxRecordBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object WAL setting maxRecordBytes must be between 1 and 1073741824 bytes, got 0");
  }
}
