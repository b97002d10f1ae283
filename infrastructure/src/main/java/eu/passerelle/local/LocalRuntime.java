package eu.passerelle.local;

import eu.passerelle.local.demo.DemoDirectory;
import eu.passerelle.local.emulators.EmbeddedDynamoDb;
import eu.passerelle.local.emulators.EmbeddedSqs;
import eu.passerelle.local.auth.JwtAuthorizer;
import eu.passerelle.local.auth.LocalIssuer;
import eu.passerelle.local.auth.LocalSignIn;
import eu.passerelle.local.auth.LocalUserPools;
import eu.passerelle.local.gateway.ApiEvents;
import eu.passerelle.local.gateway.ApiRoute;
import eu.passerelle.local.gateway.HttpApiGateway;
import eu.passerelle.local.gateway.RouteTable;
import eu.passerelle.local.gateway.StaticSite;
import eu.passerelle.local.lambda.FunctionPool;
import eu.passerelle.local.lambda.FunctionSpec;
import eu.passerelle.local.provisioning.ResourceProvisioner;
import eu.passerelle.local.schedule.ScheduleDriver;
import eu.passerelle.local.secrets.LocalSecrets;
import eu.passerelle.local.schedule.ScheduleExpression;
import eu.passerelle.local.sqs.SqsEventSource;
import eu.passerelle.local.template.Deployment;
import eu.passerelle.local.template.FunctionDef;
import eu.passerelle.local.template.HttpApiDef;
import eu.passerelle.local.template.QueueDef;
import eu.passerelle.local.template.SamTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine, read from template.yaml: the DynamoDB-compatible engine
 * (dynamodb-engine) and ElasticMQ, or other endpoints per service ({@link ServiceEndpoints}:
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS}, … or {@code AWS_ENDPOINT_URL}),
 * the tables, queues and secrets the template declares, created wherever they live, every
 * HttpApi route served by its function through the real Lambda handler, SQS event sources and
 * schedules driven as AWS drives them, and {@code web/} at {@code /}.
 */
public final class LocalRuntime implements AutoCloseable {

    public static final String STACK_NAME = "passerelle-local";
    public static final String ACCOUNT_ID = "000000000000";

    private final Options options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, FunctionPool> functions = new LinkedHashMap<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private Deployment deployment;
    private AwsClients clients;
    private HttpApiGateway gateway;
    private volatile LocalSignIn signIn;
    private LocalSecrets secrets;
    private LocalUserPools userPools;
    private final Map<String, String> identitySources = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduleDriver schedules;
    private URI dynamoDbEndpoint;
    private URI sqsEndpoint;

    /**
     * @param dataDirectory  where emulator data persists; null keeps everything in memory
     * @param awsEndpoint    an existing AWS-compatible endpoint (LocalStack, AWS) instead of the emulators
     * @param maxContainers  execution environments per function at most
     */
    public record Options(Path template, Path webRoot, int port, Path dataDirectory, URI awsEndpoint, String region,
                          boolean warm, int maxContainers, boolean schedulesEnabled, Map<String, String> parameterOverrides,
                          Clock clock, Consumer<String> log, boolean demo) {

        public Options {
            Objects.requireNonNull(template);
            Objects.requireNonNull(region);
            parameterOverrides = Map.copyOf(parameterOverrides);
        }

        /** In memory on a free port, for tests. */
        public static Options forTests(Path template) {
            return new Options(template, template.getParent().resolve("web"), 0, null, null, "eu-west-3",
                    false, 2, false, Map.of(), Clock.systemUTC(), line -> { }, false);
        }

        public Options withDataDirectory(Path dir) {
            return new Options(template, webRoot, port, dir, awsEndpoint, region, warm, maxContainers, schedulesEnabled,
                    parameterOverrides, clock, log, demo);
        }

        public Options withSchedules(boolean enabled, Clock clock) {
            return new Options(template, webRoot, port, dataDirectory, awsEndpoint, region, warm, maxContainers, enabled,
                    parameterOverrides, clock, log, demo);
        }

        public Options withLog(Consumer<String> log) {
            return new Options(template, webRoot, port, dataDirectory, awsEndpoint, region, warm, maxContainers,
                    schedulesEnabled, parameterOverrides, clock, log, demo);
        }

        public Options withDemo(boolean demo) {
            return new Options(template, webRoot, port, dataDirectory, awsEndpoint, region, warm, maxContainers,
                    schedulesEnabled, parameterOverrides, clock, log, demo);
        }
    }

    private final Map<String, String> environment;

    private LocalRuntime(Options options, Map<String, String> environment) {
        this.options = options;
        this.environment = Map.copyOf(environment);
    }

    public static LocalRuntime start(Options options) {
        return start(options, System.getenv());
    }

    /** With the environment given (the per-service endpoint variables are read from it). */
    public static LocalRuntime start(Options options, Map<String, String> environment) {
        LocalRuntime runtime = new LocalRuntime(options, environment);
        try {
            runtime.boot();
            return runtime;
        } catch (RuntimeException | IOException e) {
            runtime.close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    private void boot() throws IOException {
        SamTemplate template = SamTemplate.load(options.template());
        ServiceEndpoints external = ServiceEndpoints.resolve(options.awsEndpoint(), environment);
        boolean emulated = external.allLocal();
        Path data = options.dataDirectory();
        if (external.dynamoDb() == null) {
            EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(data == null ? null : data.resolve("dynamodb"));
            resources.add(dynamoDb);
            dynamoDbEndpoint = dynamoDb.endpoint();
            summary.add(line("DynamoDB engine", dynamoDbEndpoint + storage()));
        } else {
            dynamoDbEndpoint = external.dynamoDb();
            summary.add(line("DynamoDB", dynamoDbEndpoint + " (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL)"));
        }
        if (external.sqs() == null) {
            EmbeddedSqs sqs = EmbeddedSqs.start(data == null ? null : data.resolve("sqs"), options.region(), ACCOUNT_ID);
            resources.add(sqs);
            sqsEndpoint = sqs.endpoint();
            summary.add(line("ElasticMQ (SQS)", sqsEndpoint + storage()));
        } else {
            sqsEndpoint = external.sqs();
            summary.add(line("SQS", sqsEndpoint + " (AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL)"));
        }
        deployment = new Deployment(template, STACK_NAME, options.region(), ACCOUNT_ID, options.parameterOverrides(),
                sqsEndpoint);
        clients = AwsClients.create(dynamoDbEndpoint, sqsEndpoint, options.region(), emulated);
        resources.add(clients);
        for (String line : new ResourceProvisioner(deployment, clients.dynamoDb(), clients.sqs()).provision()) {
            options.log().accept(line);
        }
        if (external.secretsManager() != null) {
            // The functions read their secrets there: create the template's (the voucher keys).
            try (var secretsManager = AwsClients.secretsManager(external.secretsManager(), options.region(), emulated)) {
                for (String line : eu.passerelle.local.secrets.ExternalSecrets.provision(deployment, secretsManager)) {
                    options.log().accept(line);
                }
            }
            summary.add(line("Secrets Manager", external.secretsManager() + " (AWS_ENDPOINT_URL_SECRETSMANAGER / AWS_ENDPOINT_URL)"));
        }
        template.tables().forEach(t -> summary.add(line("table", deployment.tableName(t))));
        template.queues().forEach(q -> summary.add(line("queue", deployment.queueName(q))));

        userPools = new LocalUserPools(deployment);
        secrets = new LocalSecrets(deployment, options.dataDirectory() == null ? null : options.dataDirectory().resolve("secrets"));
        exportEnvironment(emulated || AwsClients.noCredentials());
        for (FunctionDef f : template.functions()) {
            FunctionPool pool = new FunctionPool(spec(f), options.maxContainers(), options.log());
            functions.put(f.logicalId(), pool);
            resources.add(pool);
        }

        RouteTable<ApiRoute> routes = new RouteTable<>();
        Map<String, HttpApiDef> apis = new LinkedHashMap<>();
        template.httpApis().forEach(api -> apis.put(api.logicalId(), api));
        for (FunctionDef f : template.functions()) {
            for (FunctionDef.EventDef e : f.eventsOfType("HttpApi")) {
                String method = String.valueOf(e.properties().getOrDefault("Method", "ANY"));
                String path = (String) e.properties().get("Path");
                HttpApiDef api = apiOf(e, apis);
                String authorizer = api == null ? null : api.authorizerOf(e.properties());
                routes.add(method, path, new ApiRoute(functions.get(f.logicalId()), authorizer == null ? null
                        : api.logicalId() + "." + authorizer));
                summary.add(line("route", (path == null ? "$default" : method.toUpperCase() + " " + path)
                        + " -> " + f.logicalId() + describeDefinition(f) + (authorizer == null ? "" : " [" + authorizer + "]")));
            }
        }
        Map<String, JwtAuthorizer> authorizers = new LinkedHashMap<>();
        gateway = new HttpApiGateway(options.port(), routes, new ApiEvents(ACCOUNT_ID, "local"),
                new StaticSite(options.webRoot()), (route, request) -> authorize(route, request, authorizers, apis),
                Map.of(LocalSignIn.PATH, request -> signIn.handle(request),
                        LocalSecrets.PATH, request -> secrets.handle(request),
                        LocalUserPools.PATH, request -> userPools.handle(request)), options.clock(), options.log());
        resources.add(gateway);
        if (external.secretsManager() == null) {
            exportProperty("AWS_ENDPOINT_URL_SECRETSMANAGER", baseUrl() + LocalSecrets.PATH);
        }
        if (external.cognito() == null) {
            exportProperty("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", baseUrl() + LocalUserPools.PATH);
        }
        // The local issuer stands in for every JWT authorizer's issuer (Cognito or another OpenID
        // provider); signature, audience and lifetime are checked exactly as configured.
        LocalIssuer issuer = LocalIssuer.create(baseUrl() + LocalSignIn.PATH,
                options.dataDirectory() == null ? null : options.dataDirectory().resolve("auth/local-issuer.jwk"),
                options.clock());
        Set<String> audiences = new LinkedHashSet<>();
        apis.values().forEach(api -> api.authorizers().forEach((name, a) -> {
            List<String> audience = a.audience().stream().map(v -> deployment.intrinsics().resolveString(v)).toList();
            audiences.addAll(audience);
            authorizers.put(api.logicalId() + "." + name, new JwtAuthorizer(issuer, issuer.issuer(), audience));
            identitySources.put(api.logicalId() + "." + name, a.identitySource());
        }));
        signIn = new LocalSignIn(issuer, audiences.isEmpty() ? "passerelle-local" : audiences.iterator().next());
        if (!authorizers.isEmpty()) {
            summary.add(line("sign-in", baseUrl() + LocalSignIn.PATH + " (local issuer for " + String.join(", ", authorizers.keySet()) + ")"));
        }

        for (FunctionDef f : template.functions()) {
            for (FunctionDef.EventDef e : f.eventsOfType("SQS")) {
                if (!Boolean.parseBoolean(String.valueOf(e.properties().getOrDefault("Enabled", "true")))) {
                    continue;
                }
                QueueDef queue = deployment.queueOfEvent(e);
                // Lambda refuses such a mapping (CreateEventSourceMapping; TemplateContractTest holds the
                // template's defaults to it). Tests shorten visibility timeouts through parameters on purpose: said, not refused.
                if (f.timeoutSeconds() > queue.visibilityTimeoutSeconds()) {
                    options.log().accept(f.logicalId() + "." + e.name() + ": queue visibility timeout "
                            + queue.visibilityTimeoutSeconds() + " s is less than the function timeout " + f.timeoutSeconds()
                            + " s: Lambda would refuse this event source");
                }
                List<?> responseTypes = e.properties().get("FunctionResponseTypes") instanceof List<?> l ? l : List.of();
                Map<?, ?> scaling = e.properties().get("ScalingConfig") instanceof Map<?, ?> m ? m : Map.of();
                SqsEventSource source = new SqsEventSource(new SqsEventSource.Mapping(f.logicalId() + "." + e.name(),
                        deployment.queueUrl(queue), deployment.queueArn(queue),
                        integer(e.properties().get("BatchSize"), 10),
                        integer(e.properties().get("MaximumBatchingWindowInSeconds"), 0),
                        responseTypes.contains("ReportBatchItemFailures"),
                        Math.max(1, Math.min(options.maxContainers(), integer(scaling.get("MaximumConcurrency"), 2))),
                        options.region()), clients.sqs(), functions.get(f.logicalId()), options.log());
                eventSources.add(source);
                resources.add(source);
                source.start();
                summary.add(line("SQS source", deployment.queueName(queue) + " -> " + f.logicalId()));
            }
        }

        List<ScheduleDriver.Schedule> scheduleList = new ArrayList<>();
        for (FunctionDef f : template.functions()) {
            for (FunctionDef.EventDef e : f.events().values()) {
                if (!e.type().equals("Schedule") && !e.type().equals("ScheduleV2")) {
                    continue;
                }
                boolean scheduler = e.type().equals("ScheduleV2");
                Map<String, Object> p = e.properties();
                String state = String.valueOf(p.getOrDefault("State", "ENABLED"));
                boolean enabled = Boolean.parseBoolean(String.valueOf(p.getOrDefault("Enabled", "true")))
                        && !state.equalsIgnoreCase("DISABLED");
                String expression = deployment.intrinsics().resolveString(scheduler ? p.get("ScheduleExpression") : p.get("Schedule"));
                ZoneId zone = ZoneId.of(scheduler && p.get("ScheduleExpressionTimezone") != null
                        ? deployment.intrinsics().resolveString(p.get("ScheduleExpressionTimezone")) : "UTC");
                String input = p.get("Input") == null ? null : deployment.intrinsics().resolveString(p.get("Input"));
                String name = f.logicalId() + "." + e.name();
                String arn = "arn:aws:" + (scheduler ? "scheduler" : "events") + ":" + options.region() + ":" + ACCOUNT_ID
                        + (scheduler ? ":schedule/default/" : ":rule/") + STACK_NAME + "-" + e.name();
                scheduleList.add(new ScheduleDriver.Schedule(name, arn, ScheduleExpression.parse(expression, zone), input,
                        scheduler, functions.get(f.logicalId())));
                summary.add(line("schedule", expression + " " + zone + " -> " + f.logicalId()
                        + (enabled && options.schedulesEnabled() ? "" : " (not fired: disabled)")));
            }
        }
        schedules = new ScheduleDriver(scheduleList, options.clock(), ACCOUNT_ID, options.region(), options.log());
        resources.add(schedules);
        if (options.schedulesEnabled()) {
            schedules.start();
        }

        if (options.warm()) {
            functions.values().forEach(FunctionPool::warm);
        }
        if (options.demo() && !signInUnavailable()) {
            summary.add(line("demo data", "about " + DEMO_PROVIDERS + " fictitious approved providers, vouchers and sessions (--no-demo to skip)"));
        }
        summary.add(0, line("web + API", baseUrl().toString() + (Files.isDirectory(options.webRoot()) ? "" : " (no web/ folder)")));
    }

    /**
     * One JVM hosts every function. What all share (region, emulator endpoints) becomes system
     * properties for the whole run; a function's own variables are set only while its container
     * starts ({@link #spec}) and the function keeps that view, so a function that reads a variable
     * its template entry does not set fails here as it would on Lambda.
     */
    private void exportEnvironment(boolean emulated) {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("AWS_REGION", options.region());
        shared.put("aws.region", options.region());
        shared.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        shared.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        if (emulated) {
            shared.put("aws.accessKeyId", "local");
            shared.put("aws.secretAccessKey", "local");
        }
        shared.forEach(this::exportProperty);
    }

    /** Sets a system property for the functions, restored when the runtime stops. */
    private void exportProperty(String name, String value) {
        String previous = System.setProperty(name, value);
        resources.add(() -> {
            if (previous == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, previous);
            }
        });
    }

    private FunctionSpec spec(FunctionDef f) {
        Object codeUri = deployment.intrinsics().resolve(f.codeUri());
        Path code = deployment.template().baseDirectory().resolve(String.valueOf(codeUri)).normalize();
        Map<String, String> startup = new LinkedHashMap<>();
        deployment.environment(f).forEach((name, value) -> {
            if (!name.equals(FunctionDef.DEFINITION_VARIABLE)) {
                startup.put(name, value);
            }
        });
        if (f.definition() != null) {
            startup.put("spring.cloud.function.definition", deployment.intrinsics().resolveString(f.definition()));
        }
        return new FunctionSpec(f.logicalId(), deployment.functionName(f), deployment.functionArn(f), f.handler(), code,
                f.memorySize(), f.timeoutSeconds(), "/aws/lambda/" + deployment.functionName(f), startup);
    }

    private HttpApiGateway.Authorizer.Decision authorize(ApiRoute route, eu.passerelle.local.gateway.ApiRequest request,
                                                         Map<String, JwtAuthorizer> authorizers, Map<String, HttpApiDef> apis) {
        if (route.authorizer() == null) {
            return HttpApiGateway.Authorizer.Decision.open();
        }
        JwtAuthorizer authorizer = authorizers.get(route.authorizer());
        if (authorizer == null) {
            return HttpApiGateway.Authorizer.Decision.reject(401);
        }
        return authorizer.verify(request, identitySources.get(route.authorizer()));
    }

    /** The HttpApi an event belongs to: its ApiId, or the only one of the template. */
    private static HttpApiDef apiOf(FunctionDef.EventDef event, Map<String, HttpApiDef> apis) {
        Object apiId = event.properties().get("ApiId");
        if (apiId instanceof Map<?, ?> ref && ref.get("Ref") != null) {
            return apis.get(String.valueOf(ref.get("Ref")));
        }
        return apis.size() == 1 ? apis.values().iterator().next() : null;
    }

    static final int DEMO_PROVIDERS = 200;

    private boolean signInUnavailable() {
        return signIn == null;
    }

    /**
     * Seeds the demo directory through the API, unless it already has providers. Runs after the
     * server is up; the CLI calls it in the background.
     */
    public int seedDemoData() throws java.io.IOException, InterruptedException {
        int providers = new DemoDirectory(baseUrl(), this::token, options.log()).seedIfEmpty(DEMO_PROVIDERS);
        if (providers > 0) {
            // Vouchers, returns and sessions for the coordination's figures and a flagged anomaly.
            new eu.passerelle.local.demo.DemoActivity(baseUrl(), this::token, options.log()).seed();
        }
        return providers;
    }

    /** The sign-in accounts the functions deleted (a parent's erasure), as {@code <pool id>/<user name>}. */
    public Set<String> deletedAccounts() {
        return userPools.deleted();
    }

    /** Signs demo tokens, for tests and the demo data. */
    public String token(String role, String name, String department) {
        return signIn.token(role, name, department);
    }

    private String describeDefinition(FunctionDef f) {
        return f.definition() == null ? "" : " (" + deployment.intrinsics().resolveString(f.definition()) + ")";
    }

    private String storage() {
        return options.dataDirectory() == null ? " (in memory)" : " (data in " + options.dataDirectory() + ")";
    }

    private static String line(String what, String where) {
        return String.format("  %-16s %s", what, where);
    }

    private static int integer(Object value, int defaultValue) {
        return value == null ? defaultValue : Integer.parseInt(String.valueOf(value));
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public Deployment deployment() {
        return deployment;
    }

    public AwsClients clients() {
        return clients;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public FunctionPool function(String logicalId) {
        FunctionPool pool = functions.get(logicalId);
        if (pool == null) {
            throw new IllegalArgumentException("No function " + logicalId + " in " + options.template());
        }
        return pool;
    }

    public List<SqsEventSource> eventSources() {
        return List.copyOf(eventSources);
    }

    public ScheduleDriver schedules() {
        return schedules;
    }

    public List<String> summary() {
        return List.copyOf(summary);
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                options.log().accept("while stopping: " + e);
            }
        }
        resources.clear();
    }

    /** Deletes persisted local data, for {@code --reset}. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        CommandLine command = CommandLine.parse(args, System.getenv());
        if (command.help()) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        if (command.reset() && command.options().dataDirectory() != null) {
            deleteRecursively(command.options().dataDirectory());
        }
        long start = System.nanoTime();
        LocalRuntime runtime = LocalRuntime.start(command.options());
        Thread stopper = new Thread(() -> {
            System.out.println("\nStopping Passerelle…");
            runtime.close();
            System.out.println("Stopped.");
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        System.out.println("Passerelle is running (started in " + (System.nanoTime() - start) / 1_000_000 + " ms):");
        runtime.summary().forEach(System.out::println);
        System.out.println("Press Ctrl-C to stop.");
        if (command.options().demo()) {
            Thread seeding = new Thread(() -> {
                try {
                    runtime.seedDemoData();
                } catch (Exception e) {
                    System.out.println("[local] demo data not seeded: " + e.getMessage());
                }
            }, "demo-data");
            seeding.setDaemon(true);
            seeding.start();
        }
        Thread.currentThread().join();
    }
}
