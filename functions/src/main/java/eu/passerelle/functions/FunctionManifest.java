package eu.passerelle.functions;

import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.redemption.LedgerItems;
import eu.passerelle.functions.reimbursement.DynamoReimbursementStore;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Role;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the code expects of template.yaml, in JDK types only so that the template contract tests
 * can read it across class loaders: every function bean with its trigger and the resources it
 * touches.
 */
public final class FunctionManifest {

    private FunctionManifest() {
    }

    /**
     * One map per function: {@code name}, {@code trigger}, {@code resources} (sorted logical
     * ids), {@code routes} (each {@code routeKey} and {@code roles}: empty when open to anyone).
     */
    public static List<Map<String, Object>> functions() {
        return PasserelleFunctions.all(name -> null).stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("trigger", f.trigger().name());
            m.put("resources", List.copyOf(new TreeSet<>(f.resources())));
            m.put("routes", f.routes().stream().map(r -> {
                Map<String, Object> route = new LinkedHashMap<>();
                route.put("routeKey", r.routeKey());
                route.put("roles", r.access().roles().stream().map(Role::claimValue).sorted().toList());
                return route;
            }).toList());
            return m;
        }).toList();
    }

    /**
     * One map per DynamoDB table the code uses: {@code logicalId}, {@code partitionKey},
     * {@code sortKey} (or absent), {@code indexes} (each {@code name}, {@code partitionKey},
     * {@code sortKey}).
     */
    public static List<Map<String, Object>> tables() {
        return List.of(table(PasserelleFunctions.PROVIDERS_TABLE, "pk", "sk",
                        index(DynamoProviderStore.BY_STATUS, "gsi1pk", "gsi1sk"),
                        index(DynamoProviderStore.BY_BANK_CHANGE, "gsi2pk", "gsi2sk")),
                table(PasserelleFunctions.VOUCHERS_TABLE, "pk", "sk",
                        index(DynamoVoucherStore.BY_PARENT, "gsi1pk", "gsi1sk"),
                        index(DynamoVoucherStore.BY_EXPIRY, "gsi2pk", "gsi2sk")),
                table(PasserelleFunctions.PROGRAMME_TABLE, "pk", "sk"),
                table(PasserelleFunctions.LEDGER_TABLE, "pk", "sk",
                        index(LedgerItems.BY_PROVIDER, "gsi1pk", "gsi1sk"),
                        index(LedgerItems.PENDING, "gsi2pk", "gsi2sk"),
                        index(LedgerItems.LEDGERS, "gsi3pk", "gsi3sk")),
                table(PasserelleFunctions.REIMBURSEMENT_TABLE, "pk", "sk",
                        index(DynamoReimbursementStore.BY_PROVIDER, "gsi1pk", "gsi1sk")),
                table(PasserelleFunctions.METRICS_TABLE, "pk", "sk"));
    }

    @SafeVarargs
    private static Map<String, Object> table(String logicalId, String partitionKey, String sortKey,
                                             Map<String, Object>... indexes) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("logicalId", logicalId);
        t.put("partitionKey", partitionKey);
        t.put("sortKey", sortKey);
        t.put("indexes", List.of(indexes));
        return t;
    }

    private static Map<String, Object> index(String name, String partitionKey, String sortKey) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("name", name);
        i.put("partitionKey", partitionKey);
        i.put("sortKey", sortKey);
        return i;
    }
}
