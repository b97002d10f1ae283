package eu.passerelle.system;

import eu.passerelle.local.LocalRuntime;
import eu.passerelle.local.template.TableDef;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The items of every table that a refused call must leave unchanged: all but those whose TTL
 * ({@code expiresAt}) falls within the next ten minutes. Those are transient (per-minute rate
 * counters, idempotency locks), and the local DynamoDB engine deletes expired items within
 * seconds, so counting them would see deletions no call made.
 */
final class LastingItems {

    private static final long HORIZON_SECONDS = 600;

    private LastingItems() {
    }

    static Map<String, Integer> counts(LocalRuntime runtime) {
        String horizon = String.valueOf(Instant.now().getEpochSecond() + HORIZON_SECONDS);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TableDef t : runtime.deployment().template().tables()) {
            String name = runtime.deployment().tableName(t);
            int count = 0;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = runtime.clients().dynamoDb().scan(r -> r.tableName(name).consistentRead(true).select("COUNT")
                        .filterExpression("attribute_not_exists(expiresAt) OR expiresAt > :horizon")
                        .expressionAttributeValues(Map.of(":horizon", AttributeValue.fromN(horizon)))
                        .exclusiveStartKey(from));
                count += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            counts.put(name, count);
        }
        return counts;
    }
}
