package eu.passerelle.functions.vouchers;

import eu.passerelle.questionnaire.Answers;
import eu.passerelle.questionnaire.SavedAnswers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kept questionnaire answers: {@code PARENT#sub / QUESTIONNAIRE} in the VouchersTable, deleted by
 * DynamoDB's TTL ({@code expiresAt}) a year after they were saved, and ignored once past it even
 * before the TTL sweep runs.
 */
public final class DynamoSavedAnswers implements SavedAnswers {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoSavedAnswers(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String parentId) {
        return Map.of("pk", AttributeValue.fromS("PARENT#" + parentId), "sk", AttributeValue.fromS("QUESTIONNAIRE"));
    }

    @Override
    public void save(String parentId, Answers a, Instant savedAt, Instant deleteAfter) {
        Map<String, AttributeValue> item = new HashMap<>(key(parentId));
        Map<String, AttributeValue> answers = new HashMap<>();
        put(answers, "stage", a.stage());
        put(answers, "children", a.children());
        put(answers, "conflict", a.conflict());
        put(answers, "housing", a.housing());
        put(answers, "legal", a.legal());
        put(answers, "money", a.money());
        put(answers, "safety", a.safety());
        put(answers, "country", a.country());
        item.put("answers", AttributeValue.fromM(answers));
        item.put("savedAt", AttributeValue.fromS(savedAt.toString()));
        item.put(DynamoVoucherStore.TTL_ATTRIBUTE, AttributeValue.fromN(String.valueOf(deleteAfter.getEpochSecond())));
        dynamoDb.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public Optional<Answers> find(String parentId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(key(parentId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()
                || Long.parseLong(item.get(DynamoVoucherStore.TTL_ATTRIBUTE).n()) < Instant.now().getEpochSecond()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> a = item.get("answers").m();
        return Optional.of(new Answers(get(a, "stage"), get(a, "children"), get(a, "conflict"), get(a, "housing"),
                get(a, "legal"), get(a, "money"), get(a, "safety"), get(a, "country")));
    }

    @Override
    public void delete(String parentId) {
        dynamoDb.deleteItem(d -> d.tableName(table).key(key(parentId)));
    }

    private static void put(Map<String, AttributeValue> m, String name, String value) {
        if (value != null) {
            m.put(name, AttributeValue.fromS(value));
        }
    }

    private static String get(Map<String, AttributeValue> m, String name) {
        return m.containsKey(name) ? m.get(name).s() : null;
    }
}
