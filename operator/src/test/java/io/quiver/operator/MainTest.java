package io.quiver.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  Integer run(String... args) {
    return Main.handleArguments(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageWithEverySettingAndDoesNotStart() {
    assertThat(run("--help")).isZero();
    String usage = out.toString(StandardCharsets.UTF_8);
    assertThat(usage).startsWith("Usage: quiver operator").contains(OperatorConfig.NAMESPACES, OperatorConfig.LEADER_ELECTION,
        OperatorConfig.LEASE_NAME, OperatorConfig.LEASE_NAMESPACE, OperatorConfig.RECONCILE_THREADS,
        OperatorConfig.DATA_PLANE_POLL_SECONDS, OperatorConfig.DATA_PLANE_TIMEOUT_SECONDS, OperatorConfig.DATA_PLANE_ENDPOINTS);
    assertThat(run("-h")).isZero();
  }

  @Test
  void anUnexpectedArgumentExitsWithTwoAndTheUsage() {
    assertThat(run("--namespaces", "a")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument --namespaces a").contains("Usage:");
    assertThat(out.size()).isZero();
  }

  @Test
  void noArgumentsRunsTheOperator() {
    assertThat(run()).isNull();
    assertThat(out.size() + err.size()).isZero();
  }
}
