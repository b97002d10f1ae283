package eu.passerelle.evaluation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Signed increments to add to the counters of one cell. */
public record Tally(AreaMonth cell, Map<Counter, Long> increments) {

    public Tally {
        EnumMap<Counter, Long> copy = new EnumMap<>(Counter.class);
        increments.forEach((c, v) -> {
            if (v != 0) {
                copy.merge(c, v, Long::sum);
            }
        });
        increments = Collections.unmodifiableMap(copy);
    }

    public long get(Counter counter) {
        return increments.getOrDefault(counter, 0L);
    }

    public Tally negate() {
        EnumMap<Counter, Long> negated = new EnumMap<>(Counter.class);
        increments.forEach((c, v) -> negated.put(c, -v));
        return new Tally(cell, negated);
    }
}
