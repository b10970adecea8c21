package io.quiver.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.vector.MetricType;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKCollectorTest {

  @Test
  void keepsTheBestKInOrderWithTiesToTheSmallerOrdinal() {
    Random r = new Random(3);
    for (MetricType metric : MetricType.values()) {
      float[] scores = new float[1000];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = r.nextInt(50); // many ties
      }
      TopKCollector c = new TopKCollector(25, metric);
      for (int i = 0; i < scores.length; i++) {
        c.collect(i, scores[i]);
      }
      SearchHits hits = c.toHits();
      int[] expected = IntStream.range(0, scores.length).boxed()
          .sorted(Comparator.comparingDouble((Integer i) -> metric.higherIsBetter() ? -scores[i] : scores[i])
              .thenComparingInt(i -> i))
          .limit(25).mapToInt(Integer::intValue).toArray();
      assertThat(Arrays.copyOf(hits.ords(), hits.count())).containsExactly(expected);
    }
  }
}
