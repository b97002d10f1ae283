package eu.passerelle.functions;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.directory.PublicServiceDirectory;
import eu.passerelle.functions.aws.AwsClients;
import eu.passerelle.functions.directory.PostalCodeLookupHandler;
import eu.passerelle.functions.directory.PublicServicesHandler;
import eu.passerelle.functions.http.Claims;
import eu.passerelle.functions.http.Route;
import eu.passerelle.directory.Country;
import eu.passerelle.evaluation.Coordination;
import eu.passerelle.functions.evaluation.CoordinationHandlers;
import eu.passerelle.functions.evaluation.DynamoMetrics;
import eu.passerelle.functions.evaluation.MetricsItems;
import eu.passerelle.functions.evaluation.RedemptionMetrics;
import eu.passerelle.functions.evaluation.SignalHandlers;
import eu.passerelle.functions.identity.CurrentCallerHandler;
import eu.passerelle.functions.privacy.CognitoSignInAccounts;
import eu.passerelle.functions.privacy.ParentDataHandlers;
import eu.passerelle.functions.redemption.RedemptionTallies;
import eu.passerelle.privacy.ParentData;
import eu.passerelle.signals.SignalRules;
import eu.passerelle.signals.Signals;
import eu.passerelle.vouchers.ParentPlaces;
import eu.passerelle.vouchers.VoucherExpiry;
import eu.passerelle.functions.openapi.OpenApiHandler;
import eu.passerelle.functions.providers.BackOfficeHandlers;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.providers.ProviderAccountHandlers;
import eu.passerelle.functions.providers.ProviderSearchHandlers;
import eu.passerelle.functions.redemption.DeadLetters;
import eu.passerelle.functions.redemption.DynamoIdempotencyStore;
import eu.passerelle.functions.redemption.DynamoRedemptionStore;
import eu.passerelle.functions.redemption.FailureNotes;
import eu.passerelle.functions.redemption.RedemptionConsumer;
import eu.passerelle.functions.redemption.RedemptionHandlers;
import eu.passerelle.functions.redemption.SqsRedemptionQueue;
import eu.passerelle.functions.reimbursement.DynamoReimbursementStore;
import eu.passerelle.functions.reimbursement.ReimbursementHandlers;
import eu.passerelle.functions.reimbursement.RunExecutor;
import eu.passerelle.functions.reimbursement.RunQueue;
import eu.passerelle.functions.reimbursement.SepaPaymentFiles;
import eu.passerelle.functions.vouchers.DynamoRuleStore;
import eu.passerelle.functions.vouchers.DynamoSavedAnswers;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.functions.vouchers.QuestionnaireHandlers;
import eu.passerelle.functions.vouchers.SecretVoucherKeys;
import eu.passerelle.functions.vouchers.VoucherHandlers;
import eu.passerelle.identity.Access;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.LiveProviderDirectory;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.RecentProviders;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.providers.ProviderStore;
import eu.passerelle.questionnaire.SavedAnswers;
import eu.passerelle.redemption.Idempotency;
import eu.passerelle.redemption.RedemptionService;
import eu.passerelle.reimbursement.Pricing;
import eu.passerelle.reimbursement.ProviderPayees;
import eu.passerelle.reimbursement.ProviderStatements;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.ReimbursementStore;
import eu.passerelle.reimbursement.Payee;
import eu.passerelle.reimbursement.Payees;
import eu.passerelle.reimbursement.PaymentFiles;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.messaging.converter.MessageConverter;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Spring Cloud Function application behind every Lambda function, registered functionally
 * (no classpath scanning, no auto-configuration) because that halves the cold start. Each
 * function's {@code spring_cloud_function_definition} in template.yaml names one of {@link #all}.
 */
public final class PasserelleFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    /** Template logical ids of what the functions touch, as the manifest and the policies name them. */
    public static final String PROVIDERS_TABLE = "ProvidersTable";
    public static final String VOUCHERS_TABLE = "VouchersTable";
    public static final String PROGRAMME_TABLE = "ProgrammeTable";
    public static final String VOUCHER_KEYS_SECRET = "VoucherKeysSecret";
    public static final String LEDGER_TABLE = "LedgerTable";
    public static final String REDEMPTION_QUEUE = "RedemptionQueue";
    static final Duration RECENT_PROVIDERS = Duration.ofMinutes(5);
    public static final String REDEMPTION_DEAD_LETTER_QUEUE = "RedemptionDeadLetterQueue";
    public static final String METRICS_TABLE = "MetricsTable";
    public static final String USER_POOL = "UserPool";
    public static final String REIMBURSEMENT_TABLE = "ReimbursementTable";
    public static final String REIMBURSEMENT_RUN_QUEUE = "ReimbursementRunQueue";

    public static void main(String[] args) {
        FunctionalSpringApplication.run(PasserelleFunctions.class, args);
    }

    /**
     * Every function of the system. Nothing here touches the network or loads data: each
     * dependency is built on first use, by the function that needs it.
     */
    public static List<LambdaFunction> all(Settings settings) {
        String rolesClaim = settings.optional("ROLES_CLAIM").orElse(Claims.DEFAULT_ROLES_CLAIM);
        Clock clock = Clock.systemUTC();
        Once<PostalCodeDirectory> postalCodes = new Once<>(PostalCodeDirectory::load);
        Once<PublicServiceDirectory> publicServices = new Once<>(PublicServiceDirectory::load);
        AwsClients aws = new AwsClients(settings);
        // Functions that count events for the coordination have METRICS_TABLE (template contract).
        String metricsTable = settings.optional(MetricsItems.TABLE_SETTING).orElse(null);
        Once<ProviderStore> providerStore = new Once<>(() -> new DynamoProviderStore(aws.dynamoDb(),
                settings.required(DynamoProviderStore.TABLE_SETTING), metricsTable));
        Once<ProviderService> providers = new Once<>(() -> new ProviderService(providerStore.get(), postalCodes.get(), clock));
        Once<LiveProviderDirectory> directory = new Once<>(() -> new LiveProviderDirectory(providerStore.get(), clock,
                Duration.ofSeconds(settings.optional("DIRECTORY_REFRESH_SECONDS").map(Long::parseLong).orElse(2L))));

        Once<VoucherKeys> keys = new Once<>(() -> SecretVoucherKeys.load(aws.secrets(),
                settings.required(SecretVoucherKeys.SECRET_SETTING)));
        Once<VoucherCodes> codes = new Once<>(() -> new VoucherCodes(keys.get()));
        Once<VoucherTokens> tokens = new Once<>(() -> new VoucherTokens(keys.get()));
        Once<ProgrammeRules> rules = new Once<>(() -> new ProgrammeRules(new DynamoRuleStore(aws.dynamoDb(),
                settings.required(DynamoRuleStore.TABLE_SETTING)), clock));
        Once<DynamoVoucherStore> voucherStore = new Once<>(() -> new DynamoVoucherStore(aws.dynamoDb(),
                settings.required(DynamoVoucherStore.TABLE_SETTING), metricsTable));
        ParentPlaces parentPlaces = postalCode -> postalCodes.get()
                .find(postalCode.length() == 4 ? Country.BE : Country.FR, postalCode)
                .map(a -> new ParentPlaces.ParentPlace(a.area().code(), a.location()));
        Once<VoucherService> voucherService = new Once<>(() -> new VoucherService(voucherStore.get(), rules, providerStore.get(),
                codes, tokens, clock, parentPlaces));
        Once<SavedAnswers> savedAnswers = new Once<>(() -> new DynamoSavedAnswers(aws.dynamoDb(),
                settings.required(DynamoVoucherStore.TABLE_SETTING)));

        Once<SqsRedemptionQueue> redemptionQueue = new Once<>(() -> new SqsRedemptionQueue(aws.sqs(),
                settings.required(SqsRedemptionQueue.QUEUE_SETTING)));
        Duration cancellationWindow = Duration.ofDays(settings.optional("CANCELLATION_WINDOW_DAYS").map(Long::parseLong).orElse(14L));
        // Hot paths keep providers' records a few minutes: what they write re-checks what matters
        // (the approval, in the transaction that records a redemption); figures need only the practice.
        RecentProviders recentProviders = new RecentProviders(id -> providerStore.get().find(id), clock, RECENT_PROVIDERS, 10_000);
        RecentProviders approvedByAccount = new RecentProviders(
                account -> providerStore.get().findByAccount(account).filter(Provider::listed), clock, RECENT_PROVIDERS, 10_000);
        Once<RedemptionService> redemptionService = new Once<>(() -> new RedemptionService(
                new DynamoRedemptionStore(aws.dynamoDb(), settings.required(DynamoRedemptionStore.TABLE_SETTING),
                        settings.required(DynamoVoucherStore.TABLE_SETTING),
                        settings.optional(DynamoProviderStore.TABLE_SETTING).orElse(null),
                        metricsTable == null ? RedemptionTallies.NONE : new RedemptionMetrics(metricsTable, recentProviders::get)),
                (message, group, dedup) -> redemptionQueue.get().send(message, group, dedup),
                new DynamoVoucherStore(aws.dynamoDb(), settings.required(DynamoVoucherStore.TABLE_SETTING)),
                codes, tokens, clock, cancellationWindow, new eu.passerelle.vouchers.EarliestIssue(() -> rules.get().ruleBook())));
        Once<Idempotency> idempotency = new Once<>(() -> new Idempotency(new DynamoIdempotencyStore(aws.dynamoDb(),
                settings.required(DynamoRedemptionStore.TABLE_SETTING)), clock));

        Once<DynamoMetrics> metrics = new Once<>(() -> new DynamoMetrics(aws.dynamoDb(),
                settings.required(MetricsItems.TABLE_SETTING)));
        var coordination = new CoordinationHandlers(new Once<>(() -> new Coordination(metrics.get(), clock)));
        var signals = new SignalHandlers(new Once<>(() -> new Signals(metrics.get(),
                new SignalRules(SignalRules.Thresholds.DEFAULT), clock)), providers);
        var parentData = new ParentDataHandlers(new Once<>(() -> new ParentData(voucherStore.get(), savedAnswers.get(),
                new CognitoSignInAccounts(aws.cognito(), settings.required(CognitoSignInAccounts.USER_POOL_SETTING)), clock)));
        Access coordinator = Access.signedIn(Role.COORDINATOR);
        Once<ReimbursementStore> reimbursementStore = new Once<>(() -> new DynamoReimbursementStore(aws.dynamoDb(),
                settings.required(DynamoReimbursementStore.TABLE_SETTING), null));
        // Only the run executor settles, so only its store counts money paid (in each statement's transaction).
        Once<ReimbursementStore> settlementStore = new Once<>(() -> new DynamoReimbursementStore(aws.dynamoDb(),
                settings.required(DynamoReimbursementStore.TABLE_SETTING), settings.required(DynamoRedemptionStore.TABLE_SETTING),
                metrics.get()));
        // Payees and the payment file are resolved when a run executes: the functions that only
        // start or list runs have neither the providers' table nor the programme's account in their environment.
        Once<Payees> payees = new Once<>(() -> new ProviderPayees(providerStore.get()));
        Once<PaymentFiles> paymentFiles = new Once<>(() -> new SepaPaymentFiles(new SepaPaymentFiles.Debtor(
                settings.required("PROGRAMME_ACCOUNT_NAME"), settings.required("PROGRAMME_ACCOUNT_IBAN"),
                settings.required("PROGRAMME_ACCOUNT_BIC"))));
        java.util.function.Function<ReimbursementStore, ReimbursementRuns> runsOver = store -> new ReimbursementRuns(store,
                () -> new Pricing(rules.get().ruleBook()), new Payees() {
                    @Override
                    public Optional<Payee> payee(String providerId) {
                        return payees.get().payee(providerId);
                    }

                    @Override
                    public Optional<String> holdReason(String providerId) {
                        return payees.get().holdReason(providerId);
                    }
                },
                (messageId, createdAt, transfers, controlSum) -> paymentFiles.get().build(messageId, createdAt, transfers, controlSum),
                clock);
        Once<ReimbursementRuns> reimbursementRuns = new Once<>(() -> runsOver.apply(reimbursementStore.get()));
        Once<ReimbursementRuns> settlingRuns = new Once<>(() -> runsOver.apply(settlementStore.get()));
        Once<RunQueue> runQueue = new Once<>(() -> new RunQueue(aws.sqs(), settings.required(RunQueue.QUEUE_SETTING)));
        Once<ProviderStatements> providerStatements = new Once<>(() -> new ProviderStatements(reimbursementStore.get(),
                providerStore.get()));

        var lookup = new PostalCodeLookupHandler(postalCodes);
        var services = new PublicServicesHandler(postalCodes, publicServices);
        var account = new ProviderAccountHandlers(providers, postalCodes);
        var backOffice = new BackOfficeHandlers(providers, postalCodes);
        var search = new ProviderSearchHandlers(directory, postalCodes);
        Once<OpenApiHandler> openApi = new Once<>(OpenApiHandler::new);
        Access provider = Access.signedIn(Role.PROVIDER);
        Access agent = Access.signedIn(Role.AGENT);
        Access anyRole = Access.signedIn(Role.PARENT, Role.PROVIDER, Role.AGENT, Role.COORDINATOR);
        Access parent = Access.signedIn(Role.PARENT);
        var vouchers = new VoucherHandlers(voucherService, tokens, rules);
        var questionnaire = new QuestionnaireHandlers(savedAnswers, clock);
        var redeem = new RedemptionHandlers(redemptionService, voucherService, idempotency, approvedByAccount, cancellationWindow);
        var failureNotes = new FailureNotes(aws::dynamoDb, () -> settings.required(DynamoRedemptionStore.TABLE_SETTING));
        var reimbursement = new ReimbursementHandlers(reimbursementRuns, runQueue, providerStatements);
        var deadLetters = new DeadLetters(aws::sqs, () -> settings.required(DeadLetters.DLQ_SETTING),
                () -> settings.required(SqsRedemptionQueue.QUEUE_SETTING), failureNotes);
        return List.of(
                LambdaFunction.http("lookupPostalCode", Set.of(),
                        List.of(Route.open("GET /api/postal-codes/{code}", lookup)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/postal-codes/{code}", "/api/postal-codes/75018",
                                Map.of("code", "75018"), "")),
                LambdaFunction.http("findPublicServices", Set.of(),
                        List.of(Route.open("GET /api/services", services)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/services", "/api/services", Map.of(),
                                "postalCode=75018&radiusKm=10")),
                LambdaFunction.http("openApiDocument", Set.of(),
                        List.of(Route.open("GET /api/openapi.json", r -> openApi.get().handle(r))), rolesClaim,
                        () -> PrimingEvents.get("GET /api/openapi.json", "/api/openapi.json", Map.of(), "")),
                LambdaFunction.http("currentCaller", Set.of(),
                        List.of(Route.of("GET /api/me", anyRole, new CurrentCallerHandler())), rolesClaim,
                        () -> PrimingEvents.get("GET /api/me", "/api/me", Map.of(), "")),
                LambdaFunction.http("searchProviders", Set.of(PROVIDERS_TABLE),
                        List.of(Route.open("GET /api/providers", search::search),
                                Route.open("GET /api/providers/{id}", search::profile)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/providers", "/api/providers", Map.of(), "postalCode=7501")),
                LambdaFunction.http("providerAccount", Set.of(PROVIDERS_TABLE, METRICS_TABLE),
                        List.of(Route.of("POST /api/providers/applications", provider, account::apply),
                                Route.of("GET /api/providers/me", provider, account::own),
                                Route.of("PUT /api/providers/me", provider, account::correct)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/providers/me", "/api/providers/me", Map.of(), "")),
                LambdaFunction.http("providerBackOffice", Set.of(PROVIDERS_TABLE, METRICS_TABLE),
                        List.of(Route.of("GET /api/back-office/providers", agent, backOffice::queue),
                                Route.of("GET /api/back-office/providers/{id}", agent, backOffice::record),
                                Route.of("POST /api/back-office/providers/{id}/decisions", agent, backOffice::decide),
                                Route.of("GET /api/back-office/bank-changes", agent, backOffice::bankChanges),
                                Route.of("POST /api/back-office/providers/{id}/bank-details/decisions", agent,
                                        backOffice::decideBankChange)),
                        rolesClaim,
                        () -> PrimingEvents.get("GET /api/back-office/providers", "/api/back-office/providers",
                                Map.of(), "")),
                LambdaFunction.http("programmeRules", Set.of(PROGRAMME_TABLE),
                        List.of(Route.open("GET /api/programme/rules", vouchers::rules),
                                Route.of("GET /api/back-office/rules", agent, vouchers::allRules),
                                Route.of("POST /api/back-office/rules", agent, vouchers::publish)), rolesClaim,
                        () -> PrimingEvents.request("POST /api/back-office/rules", "/api/back-office/rules", Map.of(), "", "{}")),
                LambdaFunction.http("questionnaire", Set.of(VOUCHERS_TABLE),
                        List.of(Route.open("POST /api/questionnaire", questionnaire::recommend),
                                Route.of("PUT /api/me/questionnaire", parent, questionnaire::keep),
                                Route.of("GET /api/me/questionnaire", parent, questionnaire::kept),
                                Route.of("DELETE /api/me/questionnaire", parent, questionnaire::forget)), rolesClaim,
                        () -> PrimingEvents.request("POST /api/questionnaire", "/api/questionnaire", Map.of(), "",
                                "{\"stage\":\"recent\",\"children\":\"young\",\"conflict\":\"tense\",\"safety\":\"safe\"}")),
                LambdaFunction.http("parentVouchers", Set.of(VOUCHERS_TABLE, PROGRAMME_TABLE, PROVIDERS_TABLE, VOUCHER_KEYS_SECRET,
                                METRICS_TABLE),
                        List.of(Route.of("POST /api/vouchers", parent, vouchers::mint),
                                Route.of("GET /api/vouchers", parent, vouchers::wallet),
                                Route.of("GET /api/vouchers/{id}", parent, vouchers::one),
                                Route.of("POST /api/vouchers/{id}/return", parent, vouchers::giveBack)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/vouchers", "/api/vouchers", Map.of(), "")),
                LambdaFunction.http("verifyVouchers", Set.of(VOUCHERS_TABLE, PROVIDERS_TABLE, VOUCHER_KEYS_SECRET),
                        List.of(Route.of("POST /api/vouchers/verify", provider, vouchers::verify)), rolesClaim,
                        () -> PrimingEvents.request("POST /api/vouchers/verify", "/api/vouchers/verify", Map.of(), "", "{}")),
                LambdaFunction.http("voucherKeys", Set.of(VOUCHER_KEYS_SECRET),
                        List.of(Route.open("GET /api/keys", vouchers::keys)), rolesClaim,
                        // Every route here reads the secret: priming warms the adapter and JSON only, keys are read after restore.
                        () -> PrimingEvents.get("GET /api/keys/priming", "/api/keys/priming", Map.of(), "")),
                LambdaFunction.http("providerRedemptions",
                        Set.of(LEDGER_TABLE, VOUCHERS_TABLE, PROVIDERS_TABLE, VOUCHER_KEYS_SECRET, REDEMPTION_QUEUE, METRICS_TABLE,
                                PROGRAMME_TABLE),
                        List.of(Route.of("POST /api/redemptions", provider, redeem::redeem),
                                Route.of("POST /api/redemptions/batch", provider, redeem::redeemBatch),
                                Route.of("GET /api/redemptions", provider, redeem::history),
                                Route.of("GET /api/redemptions/{id}", provider, redeem::one),
                                Route.of("POST /api/redemptions/{id}/cancel", provider, redeem::cancel)), rolesClaim,
                        () -> PrimingEvents.request("POST /api/redemptions", "/api/redemptions", Map.of(), "", "{}")),
                LambdaFunction.sqs("applyRedemptions", Set.of(LEDGER_TABLE, VOUCHERS_TABLE, PROVIDERS_TABLE, METRICS_TABLE),
                        () -> new RedemptionConsumer(redemptionService, failureNotes, clock)),
                LambdaFunction.scheduled("sweepRedemptions", Set.of(LEDGER_TABLE, VOUCHERS_TABLE, REDEMPTION_QUEUE),
                        () -> input -> Map.of("requeued", redemptionService.get().requeueStale(Duration.ofSeconds(
                                settings.optional("SWEEP_AFTER_SECONDS").map(Long::parseLong).orElse(120L))))),
                LambdaFunction.http("redemptionDeadLetters", Set.of(REDEMPTION_DEAD_LETTER_QUEUE, REDEMPTION_QUEUE, LEDGER_TABLE),
                        List.of(Route.of("GET /api/back-office/dead-letters", agent, deadLetters::list),
                                Route.of("POST /api/back-office/dead-letters/redrive", agent, deadLetters::redrive)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/back-office/dead-letters", "/api/back-office/dead-letters", Map.of(), "")),
                LambdaFunction.http("coordinationDashboard", Set.of(METRICS_TABLE),
                        List.of(Route.of("GET /api/coordination/dashboard", coordinator, coordination::department),
                                Route.of("GET /api/coordination/dashboard/export", coordinator, coordination::departmentCsv),
                                Route.of("GET /api/back-office/dashboard", agent, coordination::national),
                                Route.of("GET /api/back-office/dashboard/export", agent, coordination::nationalCsv)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/back-office/dashboard/priming", "/api/back-office/dashboard/priming",
                                Map.of(), "")),
                LambdaFunction.http("providerSignals", Set.of(METRICS_TABLE, PROVIDERS_TABLE),
                        List.of(Route.of("GET /api/back-office/signals", agent, signals::list),
                                Route.of("GET /api/providers/me/closed-days", provider, signals::closedDays),
                                Route.of("PUT /api/providers/me/closed-days", provider, signals::declareClosedDays)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/back-office/signals/priming", "/api/back-office/signals/priming",
                                Map.of(), "")),
                LambdaFunction.http("parentData", Set.of(VOUCHERS_TABLE, METRICS_TABLE, USER_POOL),
                        List.of(Route.of("GET /api/me/data", parent, parentData::export),
                                Route.of("DELETE /api/me", parent, parentData::erase)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/me/data/priming", "/api/me/data/priming", Map.of(), "")),
                LambdaFunction.scheduled("expireVouchers", Set.of(VOUCHERS_TABLE, METRICS_TABLE),
                        () -> input -> {
                            int marked = new VoucherExpiry(voucherStore.get(), clock).run();
                            metrics.get().jobRan("expiry", clock.instant(), marked);
                            return Map.of("expired", marked);
                        }),
                LambdaFunction.http("reimbursementRuns", Set.of(REIMBURSEMENT_TABLE, REIMBURSEMENT_RUN_QUEUE),
                        List.of(Route.of("POST /api/back-office/reimbursement-runs", agent, reimbursement::start),
                                Route.of("GET /api/back-office/reimbursement-runs", agent, reimbursement::list),
                                Route.of("GET /api/back-office/reimbursement-runs/{id}", agent, reimbursement::one),
                                Route.of("GET /api/back-office/reimbursement-runs/{id}/payment-file", agent,
                                        reimbursement::paymentFile),
                                Route.of("POST /api/back-office/reimbursement-runs/{id}/resume", agent,
                                        reimbursement::resume)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/back-office/reimbursement-runs", "/api/back-office/reimbursement-runs",
                                Map.of(), "")),
                LambdaFunction.http("providerStatements", Set.of(REIMBURSEMENT_TABLE, PROVIDERS_TABLE),
                        List.of(Route.of("GET /api/statements", provider, reimbursement::mine),
                                Route.of("GET /api/statements/{id}", provider, reimbursement::statement),
                                Route.of("GET /api/statements/{id}/csv", provider, reimbursement::csv)), rolesClaim,
                        () -> PrimingEvents.get("GET /api/statements", "/api/statements", Map.of(), "")),
                LambdaFunction.scheduled("scheduleReimbursementRun", Set.of(REIMBURSEMENT_TABLE, REIMBURSEMENT_RUN_QUEUE),
                        () -> input -> {
                            // EventBridge Scheduler's event time: a retried invocation names the same run.
                            Object time = input == null ? null : input.get("time");
                            java.time.Instant firedAt = time == null ? clock.instant() : java.time.Instant.parse(time.toString());
                            var run = reimbursementRuns.get().startScheduled(firedAt);
                            if (!run.finished()) {
                                runQueue.get().execute(run.id());
                            }
                            return Map.of("runId", run.id(), "status", run.status().name());
                        }),
                LambdaFunction.sqs("executeReimbursementRuns",
                        Set.of(REIMBURSEMENT_TABLE, LEDGER_TABLE, PROVIDERS_TABLE, PROGRAMME_TABLE, REIMBURSEMENT_RUN_QUEUE,
                                METRICS_TABLE),
                        () -> new RunExecutor(settlingRuns, runQueue, clock, Duration.ofSeconds(
                                settings.optional("RUN_BUDGET_SECONDS").map(Long::parseLong).orElse(720L)),
                                Duration.ofSeconds(settings.optional("RUN_VISIBILITY_SECONDS").map(Long::parseLong).orElse(90L)),
                                settings.optional("RUN_MAX_RECEIVES").map(Integer::parseInt).orElse(3))));
    }

    @Override
    public void initialize(GenericApplicationContext context) {
        // Functional registration skips the adapter's auto-configuration: register its converter,
        // which writes the functions' API Gateway and SQS responses. Events are read by the
        // functions themselves from the raw stream (LambdaEvents), never converted by Spring.
        context.registerBean("awsTypesMessageConverter", MessageConverter.class,
                () -> new AWSCompanionAutoConfiguration().awsTypesMessageConverter(context));
        // On Lambda the function's variables are environment variables. The local runtime hosts
        // every function in one JVM and sets a function's variables as system properties only
        // while it starts: keep that start's view, so each function sees its own variables and no other's.
        java.util.Properties atStart = (java.util.Properties) System.getProperties().clone();
        Settings settings = name -> {
            String value = context.getEnvironment().getProperty(name);
            return value != null ? value : atStart.getProperty(name);
        };
        String served = context.getEnvironment().getProperty("spring.cloud.function.definition");
        for (LambdaFunction function : all(settings)) {
            context.registerBean(function.name(), FunctionRegistration.class,
                    () -> new FunctionRegistration<>(function.factory().get(), function.name()).type(function.type()));
            if (function.name().equals(served)) {
                SnapStartPriming.register(function, context);
            }
        }
    }
}
