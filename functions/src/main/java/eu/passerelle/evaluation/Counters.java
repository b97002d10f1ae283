package eu.passerelle.evaluation;

import java.time.YearMonth;
import java.util.Map;

/** Reads the counters of one area, by key. */
@FunctionalInterface
public interface Counters {

    /** Every cell of the area up to {@code to} included, shards summed. */
    Map<AreaMonth, Map<Counter, Long>> area(String area, YearMonth to);
}
