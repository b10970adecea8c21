package io.quiver.engine.query;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.vector.MetricType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the hit lists of several searches (one per sub-request of a hybrid search) into one
 * ranking by primary key, as Milvus's rankers do. Fused scores are larger-is-better.
 *
 * <ul>
 *   <li>RRF: {@code score(pk) = sum over lists of 1 / (k + rank)}, ranks counted from 1.
 *   <li>Weighted: {@code score(pk) = sum of weight_i * norm(score_i)}, where norm maps COSINE to
 *       {@code (1 + s) / 2}, IP to {@code 0.5 + atan(s) / pi} and L2 to {@code 1 - 2 atan(d) / pi}
 *       when {@code normScore}; without it only L2 is turned around ({@code 1 - 2 atan(d) / pi}).
 * </ul>
 */
public sealed interface HybridRanker {

  /** Reciprocal rank fusion with smoothing constant {@code k} (Milvus default 60). */
  record Rrf(double k) implements HybridRanker {
    public Rrf {
      if (!(k > 0 && k < 16384)) {
        throw QuiverException.invalid("rank param k must be in (0, 16384), got %s", k);
      }
    }
  }

  /** Weighted sum of (normalized) scores, one weight per sub-request, each in [0, 1]. */
  record Weighted(List<Double> weights, boolean normScore) implements HybridRanker {
    public Weighted {
      for (double w : weights) {
        if (!(w >= 0 && w <= 1)) {
          throw QuiverException.invalid("rank param weights must be in [0, 1], got %s", w);
        }
      }
      weights = List.copyOf(weights);
    }
  }

  /**
   * Fuses {@code lists} (best first each; {@code metrics.get(i)} is the metric of list i) and
   * returns hits ordered by fused score, then by first appearance. The returned hits carry the
   * fused score.
   */
  static List<Hit> fuse(HybridRanker ranker, List<List<Hit>> lists, List<MetricType> metrics) {
    if (ranker instanceof Weighted w && w.weights().size() != lists.size()) {
      throw QuiverException.invalid(
          "the number of weights (%d) must equal the number of search requests (%d)", w.weights().size(), lists.size());
    }
    Map<Object, double[]> scores = new LinkedHashMap<>();
    Map<Object, Hit> first = new LinkedHashMap<>();
    for (int i = 0; i < lists.size(); i++) {
      List<Hit> hits = lists.get(i);
      MetricType metric = metrics.get(i);
      for (int rank = 0; rank < hits.size(); rank++) {
        Hit h = hits.get(rank);
        double contribution = switch (ranker) {
          case Rrf rrf -> 1.0 / (rrf.k() + rank + 1);
          case Weighted wt -> wt.weights().get(i) * normalize(metric, h.score(), wt.normScore());
        };
        scores.computeIfAbsent(h.primaryKey(), pk -> new double[1])[0] += contribution;
        first.putIfAbsent(h.primaryKey(), h);
      }
    }
    List<Hit> out = new ArrayList<>(first.size());
    for (Map.Entry<Object, Hit> e : first.entrySet()) {
      Hit h = e.getValue();
      out.add(new Hit(h.segment(), h.row(), h.primaryKey(), (float) scores.get(e.getKey())[0]));
    }
    out.sort(Comparator.comparingDouble((Hit h) -> -h.score()));
    return out;
  }

  static double normalize(MetricType metric, float score, boolean normScore) {
    return switch (metric) {
      case COSINE -> normScore ? (1 + score) * 0.5 : score;
      case IP -> normScore ? 0.5 + Math.atan(score) / Math.PI : score;
      case L2 -> 1.0 - 2 * Math.atan(score) / Math.PI;
    };
  }
}
