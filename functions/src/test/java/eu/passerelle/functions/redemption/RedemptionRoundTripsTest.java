package eu.passerelle.functions.redemption;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Page;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.Rejection;
import eu.passerelle.redemption.Idempotency;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionForm;
import eu.passerelle.redemption.RedemptionMessage;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.redemption.RedemptionStatus;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.redemption.VoucherFacts;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How few trips to DynamoDB a redemption takes, and that taking fewer loses nothing, against
 * the DynamoDB engine: the idempotency record completes in the transaction that records the
 * redemption, which also re-checks the provider's approval (so the endpoint may use a record
 * read a few minutes ago); the consumer reads what it needs in one batch and retries a ledger
 * number taken meanwhile itself; a queue outage leaves the redemption to the sweeper.
 */
class RedemptionRoundTripsTest {

    static final VoucherKeys KEYS = VoucherKeys.fromSeeds(Map.of(1, "a-round-trips-test-seed-of-enough-length"), 1);
    static final Calls CALLS = new Calls();
    static LocalTables tables;
    static DynamoDbClient counted;
    static ProviderService providerService;
    static VoucherService vouchers;
    static Provider psychologist;
    static final List<RedemptionMessage> QUEUED = new CopyOnWriteArrayList<>();
    static final AtomicBoolean QUEUE_DOWN = new AtomicBoolean();

    /** The DynamoDB operations a client made, in order. */
    static final class Calls implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        counted = tables.client(CALLS);
        DynamoProviderStore providers = new DynamoProviderStore(tables.client(), tables.table(PasserelleFunctions.PROVIDERS_TABLE));
        providerService = new ProviderService(providers, PostalCodeDirectory.load(), Clock.systemUTC());
        psychologist = approvedPsychologist();
        vouchers = LocalProgramme.vouchers(new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE)),
                LocalProgramme.rules(tables), providers, KEYS);
    }

    @AfterAll
    static void stop() {
        counted.close();
        tables.close();
    }

    @BeforeEach
    void reset() {
        QUEUE_DOWN.set(false);
    }

    private static Provider approvedPsychologist() {
        return LocalProgramme.approvedPsychologist(providerService,
                String.format("3%09d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L)));
    }

    private static DynamoRedemptionStore store(DynamoDbClient client) {
        return new DynamoRedemptionStore(client, tables.table(PasserelleFunctions.LEDGER_TABLE),
                tables.table(PasserelleFunctions.VOUCHERS_TABLE), tables.table(PasserelleFunctions.PROVIDERS_TABLE),
                RedemptionTallies.NONE);
    }

    private static RedemptionService service(RedemptionStore store) {
        return new RedemptionService(store, (message, group, dedup) -> {
            if (QUEUE_DOWN.get()) {
                throw new IllegalStateException("queue unreachable");
            }
            QUEUED.add(message);
        }, new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE)),
                () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS), Clock.systemUTC(), Duration.ofDays(14));
    }

    private static Voucher voucher() {
        Caller parent = new Caller(UUID.randomUUID().toString(), Set.of(Role.PARENT), null);
        return vouchers.mint(parent, new MintRequest("psychologist", null, 1, "A")).get(0);
    }

    private static RedemptionForm form(Voucher v) {
        return new RedemptionForm(v.code(), vouchers.today().toString(), null);
    }

    private static Idempotency.Answer answer(Redemption r) {
        return new Idempotency.Answer(202, "{\"redemptionId\":\"" + r.id() + "\"}");
    }

    private static RedemptionMessage queued(String redemptionId) {
        return QUEUED.stream().filter(m -> m.redemptionId().equals(redemptionId)).findFirst().orElseThrow();
    }

    private static Map<String, AttributeValue> idempotencyRecord(String scope, String key) {
        return tables.client().getItem(g -> g.tableName(tables.table(PasserelleFunctions.LEDGER_TABLE)).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("IDEMPOTENCY#" + scope + "#" + key), "sk", AttributeValue.fromS("IDEMPOTENCY"))))
                .item();
    }

    @Test
    void aFirstDeclarationTakesTwoDynamoDbCallsItsReplayOneAndApplyingItTwo() {
        RedemptionService service = service(store(counted));
        Idempotency idempotency = new Idempotency(new DynamoIdempotencyStore(counted, tables.table(PasserelleFunctions.LEDGER_TABLE)),
                Clock.systemUTC());
        Voucher v = voucher();
        String key = UUID.randomUUID().toString();

        CALLS.operations.clear();
        Idempotency.Answer first = idempotency.run(psychologist.id(), key, v.code(), ticket -> answer(
                service.accept(psychologist, form(v), "#/", opened -> ticket.completion(answer(opened)))));
        assertThat(CALLS.operations).as("idempotency record taken, then redemption + claim + record completed + approval checked")
                .containsExactly("PutItem", "TransactWriteItems");
        Map<String, AttributeValue> record = idempotencyRecord(psychologist.id(), key);
        assertThat(record.get("state").s()).isEqualTo("COMPLETED");
        assertThat(record.get("body").s()).isEqualTo(first.body());

        CALLS.operations.clear();
        Idempotency.Answer replay = idempotency.run(psychologist.id(), key, v.code(), ticket -> {
            throw new AssertionError("a replay does not run the work again");
        });
        assertThat(replay).isEqualTo(first);
        assertThat(CALLS.operations).containsExactly("PutItem");

        String redemptionId = first.body().replaceAll(".*\"redemptionId\":\"([^\"]+)\".*", "$1");
        CALLS.operations.clear();
        assertThat(service.apply(queued(redemptionId))).isEqualTo(RedemptionService.Applied.APPLIED);
        assertThat(CALLS.operations).as("redemption, voucher and ledger head in one batch, then the transaction")
                .containsExactly("BatchGetItem", "TransactWriteItems");
        assertThat(service.own(psychologist, redemptionId).status()).isEqualTo(RedemptionStatus.APPLIED);
    }

    @Test
    void aSecondDeclarationOfTheSameVoucherReadsTheClaimAndAnswersTheFirstRedemption() {
        RedemptionService service = service(store(tables.client()));
        Voucher v = voucher();
        Redemption first = service.accept(psychologist, form(v), "#/");
        Redemption again = service.accept(psychologist, form(v), "#/");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(QUEUED.stream().filter(m -> m.voucherId().equals(v.id())).map(RedemptionMessage::redemptionId).distinct())
                .containsExactly(first.id());
    }

    @Test
    void aProviderSuspendedSinceItsRecordWasReadDeclaresNothing() {
        Provider stale = approvedPsychologist();
        providerService.decide(new Caller("agent", Set.of(Role.AGENT), null), stale.id(), Decision.SUSPEND, "Contrôle en cours");
        DynamoRedemptionStore store = store(tables.client());
        RedemptionService service = service(store);
        Idempotency idempotency = new Idempotency(new DynamoIdempotencyStore(tables.client(),
                tables.table(PasserelleFunctions.LEDGER_TABLE)), Clock.systemUTC());
        Voucher v = voucher();
        String key = UUID.randomUUID().toString();

        assertThatThrownBy(() -> idempotency.run(stale.id(), key, v.code(), ticket -> answer(
                service.accept(stale, form(v), "#/", opened -> ticket.completion(answer(opened))))))
                .isInstanceOf(RedemptionStore.ProviderNotApproved.class);
        assertThat(store.claim(v.id(), stale.id())).as("no claim").isEmpty();
        assertThat(idempotencyRecord(stale.id(), key)).as("the key is free again").isEmpty();
        assertThat(QUEUED).noneMatch(m -> m.voucherId().equals(v.id()));
    }

    @Test
    void aLedgerNumberTakenMeanwhileIsRetriedWithinTheSameDelivery() {
        DynamoRedemptionStore real = store(tables.client());
        RedemptionService plain = service(real);
        Voucher first = voucher();
        Voucher second = voucher();
        Redemption a = plain.accept(psychologist, form(first), "#/");
        Redemption b = plain.accept(psychologist, form(second), "#/");
        AtomicBoolean interfered = new AtomicBoolean();
        // Another consumer applies b between this one's read of the ledger head and its write.
        RedemptionStore racing = new Delegating(real) {
            @Override
            public Applying applying(String redemptionId, String voucherId, String providerId) {
                Applying state = super.applying(redemptionId, voucherId, providerId);
                if (redemptionId.equals(a.id()) && interfered.compareAndSet(false, true)) {
                    assertThat(plain.apply(queued(b.id()))).isEqualTo(RedemptionService.Applied.APPLIED);
                }
                return state;
            }
        };
        long before = real.ledgerHead(psychologist.id());

        assertThat(service(racing).apply(queued(a.id()))).isEqualTo(RedemptionService.Applied.APPLIED);
        assertThat(interfered).isTrue();
        assertThat(real.ledgerHead(psychologist.id())).isEqualTo(before + 2);
        assertThat(plain.own(psychologist, a.id()).ledgerSequence()).isEqualTo(before + 2);
        assertThat(plain.own(psychologist, b.id()).ledgerSequence()).isEqualTo(before + 1);
    }

    @Test
    void aQueueOutageLeavesTheRedemptionPendingAndTheSweeperQueuesIt() throws InterruptedException {
        RedemptionService service = service(store(tables.client()));
        Voucher v = voucher();
        QUEUE_DOWN.set(true);
        Redemption r = service.accept(psychologist, form(v), "#/");
        assertThat(r.status()).isEqualTo(RedemptionStatus.PENDING);
        assertThat(QUEUED).noneMatch(m -> m.redemptionId().equals(r.id()));

        QUEUE_DOWN.set(false);
        Thread.sleep(5);
        assertThat(service.requeueStale(Duration.ZERO)).isPositive();
        assertThat(service.apply(queued(r.id()))).isEqualTo(RedemptionService.Applied.APPLIED);
    }

    @Test
    void aMessageLostAfterItWasQueuedIsQueuedAgainByTheSweeperUnderADeduplicationIdTheQueueHasNotSeen() throws InterruptedException {
        // A kill -9 of the queue's host after it acknowledged the send: the message is gone, but a
        // FIFO queue would still drop a resend under the same deduplication id for 5 minutes.
        List<String> dedupIds = new CopyOnWriteArrayList<>();
        List<RedemptionMessage> sent = new CopyOnWriteArrayList<>();
        RedemptionService service = new RedemptionService(store(tables.client()), (message, group, dedup) -> {
            sent.add(message);
            dedupIds.add(dedup);
        }, new DynamoVoucherStore(tables.client(), tables.table(PasserelleFunctions.VOUCHERS_TABLE)),
                () -> new VoucherCodes(KEYS), () -> new VoucherTokens(KEYS), Clock.systemUTC(), Duration.ofDays(14));
        Voucher v = voucher();
        Redemption r = service.accept(psychologist, form(v), "#/");
        String first = dedupIds.get(0);

        Thread.sleep(5);
        assertThat(service.requeueStale(Duration.ZERO)).isPositive();

        int resent = sent.stream().map(RedemptionMessage::redemptionId).toList().lastIndexOf(r.id());
        assertThat(resent).isPositive();
        assertThat(dedupIds.get(resent)).isNotEqualTo(first);
        assertThat(service.apply(sent.get(resent))).isEqualTo(RedemptionService.Applied.APPLIED);
        assertThat(service.apply(sent.get(0))).as("the first, had it survived, changes nothing")
                .isEqualTo(RedemptionService.Applied.NOTHING_TO_DO);
    }

    @Test
    void aBatchRetriedWithItsKeyAfterACrashMidwayFindsItsAppliedItemsItsOwnWhileAnotherRequestIsToldTheVoucherIsUsed() {
        RedemptionService service = service(store(tables.client()));
        eu.passerelle.functions.support.MutableClock clock = new eu.passerelle.functions.support.MutableClock(java.time.Instant.now());
        DynamoIdempotencyStore records = new DynamoIdempotencyStore(tables.client(), tables.table(PasserelleFunctions.LEDGER_TABLE));
        Idempotency idempotency = new Idempotency(records, clock);
        Voucher v = voucher();
        String key = "batch-" + UUID.randomUUID();
        String body = "{\"items\":[{\"code\":\"" + v.code() + "\"}]}";
        // The first attempt took the key, recorded and applied its first item, then the process died.
        assertThat(records.begin(psychologist.id(), key, Idempotency.requestHash(body), clock.instant(),
                clock.instant().plusSeconds(30), clock.instant().plusSeconds(86_400))).isEmpty();
        Redemption first = service.accept(psychologist, form(v), "#/items/0/");
        assertThat(service.apply(queued(first.id()))).isEqualTo(RedemptionService.Applied.APPLIED);

        clock.advance(Duration.ofSeconds(31));
        Idempotency.Answer retried = idempotency.run(psychologist.id(), key, body, ticket -> {
            assertThat(ticket.resumed()).isTrue();
            Redemption again = service.accept(psychologist, form(v), "#/items/0/", null, ticket.resumed());
            return new Idempotency.Answer(200, again.id());
        });
        assertThat(retried.body()).isEqualTo(first.id());

        assertThatThrownBy(() -> idempotency.run(psychologist.id(), "other-" + UUID.randomUUID(), body, ticket ->
                new Idempotency.Answer(200, service.accept(psychologist, form(v), "#/items/0/", null, ticket.resumed()).id())))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("voucher-already-used"));
    }

    /** A store that does what another does, for tests to step in between. */
    static class Delegating implements RedemptionStore {
        private final RedemptionStore d;

        Delegating(RedemptionStore d) {
            this.d = d;
        }

        @Override
        public Optional<Claim> claim(String voucherId, String providerId) {
            return d.claim(voucherId, providerId);
        }

        @Override
        public void open(Redemption redemption, Claim claim, Claim previous, Idempotency.Completion completion) {
            d.open(redemption, claim, previous, completion);
        }

        @Override
        public Applying applying(String redemptionId, String voucherId, String providerId) {
            return d.applying(redemptionId, voucherId, providerId);
        }

        @Override
        public Optional<Redemption> find(String redemptionId) {
            return d.find(redemptionId);
        }

        @Override
        public Page<Redemption> ofProvider(String providerId, RedemptionStatus status, String cursor, int limit) {
            return d.ofProvider(providerId, status, cursor, limit);
        }

        @Override
        public List<Redemption> pendingSince(Instant before, int limit) {
            return d.pendingSince(before, limit);
        }

        @Override
        public Outcome apply(Redemption redemption, VoucherFacts voucher, long ledgerHead, Instant at) {
            return d.apply(redemption, voucher, ledgerHead, at);
        }

        @Override
        public long ledgerHead(String providerId) {
            return d.ledgerHead(providerId);
        }

        @Override
        public boolean reject(Redemption redemption, String reason, Instant at) {
            return d.reject(redemption, reason, at);
        }

        @Override
        public void cancel(Redemption redemption, VoucherFacts voucher, Instant at) {
            d.cancel(redemption, voucher, at);
        }
    }
}
