package io.quiver.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.crd.common.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

  private static List<ConditionFact> progressing() {
    return List.of(ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, "0 of 1 nodes ready"),
        ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, "0 of 1 nodes ready"),
        ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
  }

  @Test
  void firstPassStampsEveryConditionAndReportsEachAsATransition() {
    var result = ConditionAggregator.aggregate(null, progressing(), 3, T0);
    assertThat(result.changed()).isTrue();
    assertThat(result.conditions()).extracting(Condition::getType).containsExactly("Ready", "Progressing", "Degraded");
    assertThat(result.conditions()).allSatisfy(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
      assertThat(c.getObservedGeneration()).isEqualTo(3L);
    });
    assertThat(result.transitions()).hasSize(3).noneMatch(Transition::warning);
  }

  @Test
  void samePassAgainChangesNothingAndKeepsTransitionTimes() {
    var first = ConditionAggregator.aggregate(null, progressing(), 3, T0);
    var second = ConditionAggregator.aggregate(first.conditions(), progressing(), 3, T1);
    assertThat(second.changed()).isFalse();
    assertThat(second.transitions()).isEmpty();
    assertThat(second.conditions()).isEqualTo(first.conditions());
  }

  @Test
  void statusChangeMovesOnlyThatConditionsTransitionTime() {
    var first = ConditionAggregator.aggregate(null, progressing(), 3, T0);
    var ready = List.of(ConditionFact.isTrue(Condition.READY, Reasons.READY, "1 of 1 nodes ready"),
        ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "done"),
        ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    var second = ConditionAggregator.aggregate(first.conditions(), ready, 4, T1);
    assertThat(second.changed()).isTrue();
    assertThat(second.conditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(second.conditions().get(1).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(second.conditions().get(2).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(second.conditions().get(2).getObservedGeneration()).isEqualTo(4L);
    assertThat(second.transitions()).extracting(Transition::type).containsExactly("Ready", "Progressing");
  }

  @Test
  void degradedBecomingTrueIsAWarningAndAReasonChangeAloneIsATransition() {
    var first = ConditionAggregator.aggregate(null, progressing(), 1, T0);
    var failed = List.of(ConditionFact.isTrue(Condition.DEGRADED, Reasons.CONFLICT, "409"));
    var second = ConditionAggregator.aggregate(first.conditions(), failed, 1, T1);
    assertThat(second.transitions()).singleElement().satisfies(t -> {
      assertThat(t.warning()).isTrue();
      assertThat(t.reason()).isEqualTo("Conflict");
    });
    var otherReason = List.of(ConditionFact.isTrue(Condition.DEGRADED, Reasons.API_SERVER_ERROR, "500"));
    var third = ConditionAggregator.aggregate(second.conditions(), otherReason, 1, T1.plusSeconds(60));
    assertThat(third.transitions()).singleElement().extracting(Transition::reason).isEqualTo("ApiServerError");
    assertThat(third.conditions()).filteredOn(c -> c.getType().equals("Degraded")).singleElement()
        .extracting(Condition::getLastTransitionTime).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(third.conditions()).extracting(Condition::getType).containsExactly("Ready", "Progressing", "Degraded");
  }
}
