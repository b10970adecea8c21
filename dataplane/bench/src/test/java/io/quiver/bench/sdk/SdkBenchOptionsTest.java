package io.quiver.bench.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SdkBenchOptionsTest {

  final Path root = Path.of("/repo");

  @Test
  void defaultsWriteTheReportBesideTheOtherBenchmarks() {
    SdkBench.Options o = SdkBench.Options.parse(new String[0], root);
    assertThat(o.dataset()).isEqualTo("l2-128");
    assertThat(o.clients()).isEqualTo(8);
    assertThat(o.report()).isEqualTo(root.resolve("docs/benchmarks-sdk.md"));
    assertThat(o.minilmDir()).isEqualTo(Path.of("/shared/data/minilm-wordnet-50k"));
  }

  @Test
  void optionsAreReadAndBadOnesNamed() {
    SdkBench.Options o = SdkBench.Options.parse(new String[] {"--dataset", "minilm", "--seconds", "2", "--clients", "4"}, root);
    assertThat(o.dataset()).isEqualTo("minilm");
    assertThat(o.seconds()).isEqualTo(2);
    assertThat(o.clients()).isEqualTo(4);
    assertThatThrownBy(() -> SdkBench.Options.parse(new String[] {"--bogus", "1"}, root)).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> SdkBench.Options.parse(new String[] {"--seconds"}, root)).hasMessageContaining("--seconds needs a value");
    assertThatThrownBy(() -> SdkBench.Options.parse(new String[] {"--clients", "1"}, root)).hasMessageContaining("--clients");
  }
}
