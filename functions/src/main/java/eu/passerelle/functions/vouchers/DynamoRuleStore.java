package eu.passerelle.functions.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.vouchers.IncomeTier;
import eu.passerelle.vouchers.RuleStore;
import eu.passerelle.vouchers.RuleVersion;
import eu.passerelle.vouchers.Service;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule versions in the ProgrammeTable: {@code RULES / VERSION#0001}… and {@code RULES / HEAD}
 * (the last sequence), written together so that two agents cannot publish at once.
 */
public final class DynamoRuleStore implements RuleStore {

    public static final String TABLE_SETTING = "PROGRAMME_TABLE";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoRuleStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public List<RuleVersion> all() {
        QueryResponse response = dynamoDb.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :rules AND begins_with(sk, :version)")
                .expressionAttributeValues(Map.of(":rules", AttributeValue.fromS("RULES"), ":version", AttributeValue.fromS("VERSION#"))));
        return response.items().stream().map(DynamoRuleStore::version).toList();
    }

    @Override
    public void publish(RuleVersion previous, RuleVersion next) {
        RuleVersion closed = previous.endingOn(next.validFrom());
        List<TransactWriteItem> writes = new ArrayList<>();
        // The built-in first version is stored the first time it is closed.
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(closed))).build());
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(next))
                .conditionExpression("attribute_not_exists(pk)")).build());
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(Map.of("pk", AttributeValue.fromS("RULES"), "sk", AttributeValue.fromS("HEAD"),
                        "last", AttributeValue.fromN(String.valueOf(next.sequence()))))
                .conditionExpression(previous.sequence() == 1 ? "attribute_not_exists(pk) OR #last = :previous" : "#last = :previous")
                .expressionAttributeNames(Map.of("#last", "last"))
                .expressionAttributeValues(Map.of(":previous", AttributeValue.fromN(String.valueOf(previous.sequence())))))
                .build());
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new Rejection(Rejection.Kind.CONFLICT, "concurrent-change", "Publication simultanée",
                    "Une autre version vient d'être publiée : rechargez les règles.", List.of());
        }
    }

    static Map<String, AttributeValue> item(RuleVersion v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("RULES"));
        item.put("sk", AttributeValue.fromS(String.format("VERSION#%04d", v.sequence())));
        item.put("sequence", AttributeValue.fromN(String.valueOf(v.sequence())));
        item.put("validFrom", AttributeValue.fromS(v.validFrom().toString()));
        if (v.validUntil() != null) {
            item.put("validUntil", AttributeValue.fromS(v.validUntil().toString()));
        }
        item.put("sessionsPerService", AttributeValue.fromN(String.valueOf(v.sessionsPerService())));
        item.put("validityMonths", AttributeValue.fromN(String.valueOf(v.validityMonths())));
        Map<String, AttributeValue> tariffs = new HashMap<>();
        v.tariffCents().forEach((s, c) -> tariffs.put(s.code(), AttributeValue.fromN(String.valueOf(c))));
        item.put("tariffCents", AttributeValue.fromM(tariffs));
        item.put("tiers", AttributeValue.fromL(v.tiers().stream().map(t -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("code", AttributeValue.fromS(t.code()));
            m.put("label", AttributeValue.fromS(t.label()));
            if (t.upToQuotient() != null) {
                m.put("upToQuotient", AttributeValue.fromN(String.valueOf(t.upToQuotient())));
            }
            m.put("coPaymentCents", AttributeValue.fromN(String.valueOf(t.coPaymentCents())));
            return AttributeValue.fromM(m);
        }).toList()));
        item.put("createdAt", AttributeValue.fromS(v.createdAt().toString()));
        item.put("createdBy", AttributeValue.fromS(v.createdBy()));
        return item;
    }

    static RuleVersion version(Map<String, AttributeValue> i) {
        Map<Service, Long> tariffs = new EnumMap<>(Service.class);
        i.get("tariffCents").m().forEach((code, cents) -> tariffs.put(Service.fromCode(code).orElseThrow(), Long.parseLong(cents.n())));
        List<IncomeTier> tiers = i.get("tiers").l().stream().map(AttributeValue::m).map(t -> new IncomeTier(t.get("code").s(),
                t.get("label").s(), t.containsKey("upToQuotient") ? Integer.valueOf(t.get("upToQuotient").n()) : null,
                Long.parseLong(t.get("coPaymentCents").n()))).toList();
        return new RuleVersion(Integer.parseInt(i.get("sequence").n()), LocalDate.parse(i.get("validFrom").s()),
                i.containsKey("validUntil") ? LocalDate.parse(i.get("validUntil").s()) : null,
                Integer.parseInt(i.get("sessionsPerService").n()), Integer.parseInt(i.get("validityMonths").n()),
                tariffs, tiers, Instant.parse(i.get("createdAt").s()), i.get("createdBy").s());
    }
}
