package io.quiver.engine.expr;

import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * AND, OR and NOT with Kleene (SQL) three-valued logic. AND evaluates each child only on the rows
 * no earlier child made FALSE, OR only on the rows no earlier child made TRUE; children run
 * cheapest first.
 */
final class LogicalPredicate {

  private LogicalPredicate() {}

  static Predicate and(List<Predicate> children) {
    return new Junction(true, sorted(children));
  }

  static Predicate or(List<Predicate> children) {
    return new Junction(false, sorted(children));
  }

  static Predicate not(Predicate child) {
    return new Not(child);
  }

  private static List<Predicate> sorted(List<Predicate> children) {
    List<Predicate> out = new ArrayList<>(children);
    out.sort(Comparator.comparingInt(Predicate::cost));
    return List.copyOf(out);
  }

  private record Junction(boolean and, List<Predicate> children) implements Predicate {

    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      FixedBitSet t = null;
      FixedBitSet f = null;
      FixedBitSet remaining = scope;
      for (int i = 0; i < children.size(); i++) {
        Predicate child = children.get(i);
        if (remaining != null && remaining.nextSetBit(0) < 0) {
          break; // every row in scope is decided
        }
        Truth c = child.eval(segment, remaining);
        if (t == null) {
          t = c.t();
          f = c.f();
        } else if (and) {
          t.and(c.t());
          f.or(c.f());
        } else {
          t.or(c.t());
          f.and(c.f());
        }
        if (i + 1 < children.size()) {
          // AND: rows already FALSE are decided; OR: rows already TRUE are decided.
          FixedBitSet decided = and ? c.f() : c.t();
          remaining = (remaining == null ? FixedBitSet.allSet(segment.rowCount()) : remaining.copy()).andNot(decided);
        }
      }
      if (t == null) {
        return new Truth(new FixedBitSet(segment.rowCount()), new FixedBitSet(segment.rowCount()));
      }
      return new Truth(t, f);
    }

    @Override
    public int cost() {
      int sum = 0;
      for (Predicate c : children) {
        sum += c.cost();
      }
      return sum;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      List<KeyRange> parts = new ArrayList<>();
      for (Predicate c : children) {
        KeyRange r = c.keyRange(fieldId);
        if (r != null) {
          parts.add(r);
        } else if (!and) {
          return null; // a child that does not constrain the key can match anywhere
        }
      }
      if (parts.isEmpty()) {
        return null;
      }
      return and ? new KeyRange.All(List.copyOf(parts)) : new KeyRange.Any(List.copyOf(parts));
    }

    @Override
    public List<Object> pointKeys(long pkFieldId) {
      if (and) {
        return null;
      }
      LinkedHashSet<Object> keys = new LinkedHashSet<>();
      for (Predicate c : children) {
        List<Object> k = c.pointKeys(pkFieldId);
        if (k == null) {
          return null;
        }
        keys.addAll(k);
      }
      return List.copyOf(keys);
    }
  }

  private record Not(Predicate child) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      Truth c = child.eval(segment, scope);
      return new Truth(c.f(), c.t());
    }

    @Override
    public int cost() {
      return child.cost();
    }
  }
}
