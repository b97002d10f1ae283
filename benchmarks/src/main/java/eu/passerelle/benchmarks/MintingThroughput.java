package eu.passerelle.benchmarks;

import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.evaluation.MetricsItems;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.vouchers.DynamoRuleStore;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.functions.vouchers.VoucherItems;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.vouchers.IncomeTier;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.RuleVersion;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherCode;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherStatus;
import eu.passerelle.vouchers.VoucherTokens;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Minting throughput: {@code VoucherService.mint} (rules read, quota read, codes and QR tokens
 * signed, one transaction through {@code DynamoVoucherStore}) for fresh parents, 5 sessions each,
 * against bare {@code TransactWriteItems} of the same items (the quota update with its condition
 * and the 5 voucher puts, built in advance by the store's own mapping) on the same DynamoDB engine,
 * in the same run, with the same threads. Rounds alternate (service, raw, service, raw…) after a
 * warm-up of both, so that a noisy neighbour hits both sides alike.
 */
final class MintingThroughput implements BenchmarkPart {

    static final double RATIO_GOAL = 0.7;
    static final int SESSIONS = 5;
    static final int THREADS = 4;

    @Override
    public String name() {
        return "minting";
    }

    @Override
    public Report run(BenchmarkMain.Config config) throws Exception {
        boolean full = BenchmarkPart.full(config);
        int perRound = full ? 400 : 40;
        int rounds = full ? 3 : 1;
        int warmup = full ? 200 : 20;
        long start = System.nanoTime();
        try (LocalAws aws = LocalAws.start()) {
            Setup s = new Setup(aws);
            // Warm-up of both paths (JIT, the engine's first pass), not counted.
            s.serviceRound("warm", warmup);
            s.rawRound("warm", warmup);
            long serviceNanos = 0;
            long rawNanos = 0;
            for (int r = 0; r < rounds; r++) {
                serviceNanos += s.serviceRound("s" + r, perRound);
                rawNanos += s.rawRound("r" + r, perRound);
            }
            s.checkSameItems();
            int mints = perRound * rounds;
            double serviceRate = mints / (serviceNanos / 1e9);
            double rawRate = mints / (rawNanos / 1e9);
            double ratio = serviceRate / rawRate;
            Report.Builder report = Report.titled(String.format(java.util.Locale.ROOT,
                    "Minting on the DynamoDB engine (in this JVM), %d threads, %d rounds x %d mints of %d vouchers each"
                            + " (fresh parents), after %d warm-up mints per side", THREADS, rounds, perRound, SESSIONS, warmup));
            report.line("%-62s %10s %12s %10s", "path", "mints/s", "vouchers/s", "ms/mint");
            report.line("%-62s %10.0f %12.0f %10.2f", "VoucherService.mint via DynamoVoucherStore", serviceRate,
                    serviceRate * SESSIONS, THREADS * 1000 / serviceRate);
            report.line("%-62s %10.0f %12.0f %10.2f", "raw TransactWriteItems, same items (quota + 5 vouchers)", rawRate,
                    rawRate * SESSIONS, THREADS * 1000 / rawRate);
            report.goal("minting ≥ 0.7x raw TransactWriteItems", ratio >= RATIO_GOAL, "%.2fx", ratio);
            report.line("Per mint the service also validates the request, takes the version in force (read from DynamoDB"
                    + " at most once a minute), and signs 5 codes (HMAC) and 5 QR tokens (Ed25519); the raw side has its"
                    + " items and signatures ready. Both write the same transaction: quota, 5 vouchers, the coordination's counters.");
            report.figure("minting.service.perSecond", serviceRate).figure("minting.raw.perSecond", rawRate)
                    .figure("minting.ratio", ratio);
            report.line("(minting part in %.0f s)", (System.nanoTime() - start) / 1e9);
            return report.build();
        }
    }

    /** The service wired as the parentVouchers function wires it, and the raw side's client. */
    static final class Setup {
        final DynamoDbClient client;
        final String vouchersTable;
        final String metricsTable;
        final VoucherService service;
        final VoucherCodes codes;
        final VoucherTokens tokens;
        final Clock clock = Clock.systemUTC();
        final Random random = new Random(11);
        String lastServiceParent;
        String lastRawParent;

        Setup(LocalAws aws) {
            client = aws.client();
            vouchersTable = aws.table("VouchersTable");
            metricsTable = aws.table("MetricsTable");
            VoucherKeys keys = VoucherKeys.fromSeeds(Map.of(1, "benchmark-seed-one-0123456789abcdef"), 1);
            codes = new VoucherCodes(keys);
            tokens = new VoucherTokens(keys);
            ProgrammeRules rules = new ProgrammeRules(new DynamoRuleStore(client, aws.table("ProgrammeTable")), clock);
            service = new VoucherService(new DynamoVoucherStore(client, vouchersTable, metricsTable), () -> rules,
                    new DynamoProviderStore(client, aws.table("ProvidersTable")), () -> codes, () -> tokens, clock);
        }

        long serviceRound(String round, int mints) throws Exception {
            return parallel(THREADS, mints, i -> {
                String parent = "bench-parent-" + round + "-" + i;
                List<Voucher> minted = service.mint(new Caller(parent, Set.of(Role.PARENT), null),
                        new MintRequest("psychologist", null, SESSIONS, "A"));
                if (minted.size() != SESSIONS) {
                    throw new IllegalStateException("Minted " + minted.size());
                }
                lastServiceParent = parent;
            });
        }

        long rawRound(String round, int mints) throws Exception {
            // The same vouchers as the service makes (codes, tokens, fields), built before the clock starts.
            RuleVersion version = RuleVersion.initial();
            IncomeTier tier = version.tier("A").orElseThrow();
            LocalDate expiresOn = LocalDate.now(ProgrammeRules.ZONE).plusMonths(version.validityMonths());
            Instant now = clock.instant();
            List<List<TransactWriteItem>> transactions = new ArrayList<>();
            for (int i = 0; i < mints; i++) {
                String parent = "bench-raw-parent-" + round + "-" + i;
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(TransactWriteItem.builder().update(u -> u.tableName(vouchersTable)
                        .key(VoucherItems.quotaKey(parent, Service.PSYCHOLOGIST))
                        .updateExpression("SET used = if_not_exists(used, :zero) + :n")
                        // A parent's first mint, as the store writes it (the coordination counts a parent helped).
                        .conditionExpression("attribute_not_exists(used) AND :zero <= :limit")
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"),
                                ":n", AttributeValue.fromN(String.valueOf(SESSIONS)),
                                ":limit", AttributeValue.fromN(String.valueOf(version.sessionsPerService() - SESSIONS)))))
                        .build());
                for (int k = 0; k < SESSIONS; k++) {
                    long serial;
                    synchronized (random) {
                        serial = random.nextLong() & ((1L << 38) - 1);
                    }
                    VoucherCode code = codes.issue(Service.PSYCHOLOGIST, serial, null, expiresOn, version.sequence());
                    Voucher v = new Voucher(code.id(), code.format(), tokens.issue(code, null), Service.PSYCHOLOGIST, null, null,
                            parent, version.sequence(), now, expiresOn, VoucherStatus.ISSUED, now, tier.code(),
                            tier.coPaymentCents(), version.tariff(Service.PSYCHOLOGIST));
                    writes.add(TransactWriteItem.builder().put(p -> p.tableName(vouchersTable).item(VoucherItems.item(v))
                            .conditionExpression("attribute_not_exists(pk)")).build());
                    if (k == 0) {
                        // The coordination's counters, in the same transaction as the store adds them.
                        writes.addAll(MetricsItems.writes(metricsTable, Evaluation.minted(null, Service.PSYCHOLOGIST.code(),
                                now, SESSIONS, Evaluation.owed(v.tariffCents(), v.coPaymentCents()), true), v.id()));
                    }
                }
                transactions.add(writes);
                lastRawParent = parent;
            }
            return parallel(THREADS, mints, i -> client.transactWriteItems(t -> t.transactItems(transactions.get(i))));
        }

        /** The raw side wrote what the service writes: the same attributes on vouchers and quota. */
        void checkSameItems() {
            for (String parent : List.of(lastServiceParent, lastRawParent)) {
                Map<String, AttributeValue> quota = client.getItem(g -> g.tableName(vouchersTable)
                        .key(VoucherItems.quotaKey(parent, Service.PSYCHOLOGIST)).consistentRead(true)).item();
                if (quota == null || !String.valueOf(SESSIONS).equals(quota.get("used").n())) {
                    throw new IllegalStateException("Quota of " + parent + " is not " + SESSIONS + ": " + quota);
                }
            }
            Set<String> serviceAttributes = walletAttributes(lastServiceParent);
            Set<String> rawAttributes = walletAttributes(lastRawParent);
            if (!serviceAttributes.equals(rawAttributes)) {
                throw new IllegalStateException("Raw items differ from the store's: " + serviceAttributes + " vs " + rawAttributes);
            }
        }

        private Set<String> walletAttributes(String parent) {
            var items = client.query(q -> q.tableName(vouchersTable).indexName(DynamoVoucherStore.BY_PARENT)
                    .keyConditionExpression("gsi1pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PARENT#" + parent)))).items();
            if (items.size() != SESSIONS) {
                throw new IllegalStateException(parent + " holds " + items.size() + " vouchers");
            }
            return new HashMap<>(items.get(0)).keySet();
        }
    }

    /** Runs {@code count} operations over {@code threads} threads; returns the wall time in ns. */
    static long parallel(int threads, int count, IntConsumer operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        operation.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdown();
        }
    }
}
