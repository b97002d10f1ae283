package eu.passerelle.functions.redemption;

import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The items of the LedgerTable (README, data model): redemptions, the providers' claims on
 * vouchers, their ledgers (head and numbered entries), settlement watermarks and idempotency
 * records.
 */
public final class LedgerItems {

    static final String TTL = "expiresAt";
    public static final String BY_PROVIDER = "byProvider";
    public static final String PENDING = "pending";
    /** Sparse index of the ledgers' HEAD items, spread over a few partitions: what reimbursement runs walk. */
    public static final String LEDGERS = "ledgers";
    public static final int LEDGER_SHARDS = 16;

    private LedgerItems() {
    }

    static Map<String, AttributeValue> redemptionKey(String id) {
        return Map.of("pk", s("REDEMPTION#" + id), "sk", s("REDEMPTION"));
    }

    static Map<String, AttributeValue> claimKey(String voucherId, String providerId) {
        return Map.of("pk", s("CLAIM#" + voucherId), "sk", s("PROVIDER#" + providerId));
    }

    public static Map<String, AttributeValue> headKey(String providerId) {
        return Map.of("pk", s("LEDGER#" + providerId), "sk", s("HEAD"));
    }

    public static Map<String, AttributeValue> settledKey(String providerId) {
        return Map.of("pk", s("LEDGER#" + providerId), "sk", s("SETTLED"));
    }

    /** The "ledgers" index partition of a provider's ledger head. */
    public static String ledgerShard(String providerId) {
        return "LEDGERS#" + Math.floorMod(providerId.hashCode(), LEDGER_SHARDS);
    }

    public static String entrySortKey(long sequence) {
        return String.format("E#%012d", sequence);
    }

    static Map<String, AttributeValue> item(Redemption r) {
        Map<String, AttributeValue> item = new HashMap<>(redemptionKey(r.id()));
        item.put("id", s(r.id()));
        item.put("providerId", s(r.providerId()));
        item.put("voucherId", s(r.voucherId()));
        item.put("code", s(r.code()));
        item.put("service", s(r.service()));
        item.put("sessionDate", s(r.sessionDate().toString()));
        item.put("status", s(r.status().name()));
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("updatedAt", s(r.updatedAt().toString()));
        item.put("gsi1pk", s("PROVIDER#" + r.providerId()));
        item.put("gsi1sk", s(r.createdAt() + "#" + r.id()));
        if (r.status() == RedemptionStatus.PENDING) {
            // Sparse index: only pending redemptions are in it, for the sweeper.
            item.put("gsi2pk", s("PENDING"));
            item.put("gsi2sk", s(r.createdAt() + "#" + r.id()));
        }
        return item;
    }

    static Redemption redemption(Map<String, AttributeValue> i) {
        return new Redemption(i.get("id").s(), i.get("providerId").s(), i.get("voucherId").s(), i.get("code").s(),
                i.get("service").s(), LocalDate.parse(i.get("sessionDate").s()), RedemptionStatus.valueOf(i.get("status").s()),
                i.containsKey("reason") ? i.get("reason").s() : null, Instant.parse(i.get("createdAt").s()),
                Instant.parse(i.get("updatedAt").s()),
                i.containsKey("ledgerSequence") ? Long.valueOf(i.get("ledgerSequence").n()) : null);
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
