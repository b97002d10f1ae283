package eu.passerelle.functions;

import eu.passerelle.local.Fixtures;
import eu.passerelle.local.template.FunctionDef;
import eu.passerelle.local.template.HttpApiDef;
import eu.passerelle.local.template.SamTemplate;
import eu.passerelle.local.template.TableDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml against what the code expects ({@link FunctionManifest}): every function
 * definition names a function bean with the matching trigger, every function is granted exactly
 * the resources it touches, and every table has the keys and indexes the code queries.
 */
class TemplateContractTest {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}");

    static SamTemplate template;
    static List<Map<String, Object>> manifest;
    static List<Map<String, Object>> tables;

    @BeforeAll
    static void load() {
        template = SamTemplate.load(Fixtures.repositoryTemplate());
        manifest = FunctionManifest.functions();
        tables = FunctionManifest.tables();
    }

    @Test
    void allFunctionsShipInTheOneJarMavenBuilds() {
        assertThat(template.functions()).extracting(FunctionDef::codeUri).containsOnly("functions/target/passerelle-functions.jar");
    }

    private static Map<String, Object> bean(String name) {
        return manifest.stream().filter(m -> m.get("name").equals(name)).findFirst().orElse(null);
    }

    @Test
    void everyFunctionDefinitionNamesAFunctionBeanWithTheMatchingTrigger() {
        Map<String, String> deployedBy = new HashMap<>();
        for (FunctionDef f : template.functions()) {
            assertThat(f.definition()).as(f.logicalId() + " has a spring_cloud_function_definition").isNotBlank();
            Map<String, Object> bean = bean(f.definition());
            assertThat(bean).as(f.logicalId() + " names bean " + f.definition()).isNotNull();
            Set<String> triggers = new TreeSet<>();
            f.events().values().forEach(e -> triggers.add(switch (e.type()) {
                case "HttpApi" -> "HTTP";
                case "SQS" -> "SQS";
                case "Schedule", "ScheduleV2" -> "SCHEDULE";
                default -> e.type();
            }));
            assertThat(triggers).as(f.logicalId() + " events").containsExactly(String.valueOf(bean.get("trigger")));
            assertThat(deployedBy.put(f.definition(), f.logicalId())).as("bean deployed twice: " + f.definition()).isNull();
        }
        assertThat(deployedBy.keySet()).as("every function bean is deployed")
                .containsExactlyInAnyOrderElementsOf(manifest.stream().map(m -> String.valueOf(m.get("name"))).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDeclaredOnceWithWhoMayCallIt() {
        HttpApiDef api = template.httpApis().get(0);
        assertThat(template.httpApis()).hasSize(1);
        assertThat(api.authorizers()).containsKey(api.defaultAuthorizer());
        for (FunctionDef f : template.functions()) {
            Map<String, Boolean> templateRoutes = new LinkedHashMap<>();
            for (FunctionDef.EventDef e : f.eventsOfType("HttpApi")) {
                String routeKey = String.valueOf(e.properties().get("Method")).toUpperCase() + " " + e.properties().get("Path");
                templateRoutes.put(routeKey, api.authorizerOf(e.properties()) == null);
            }
            Map<String, Boolean> codeRoutes = new LinkedHashMap<>();
            for (Map<String, Object> route : (List<Map<String, Object>>) bean(f.definition()).get("routes")) {
                codeRoutes.put(String.valueOf(route.get("routeKey")), ((List<?>) route.get("roles")).isEmpty());
            }
            assertThat(templateRoutes).as(f.logicalId() + ": route -> open to anyone").isEqualTo(codeRoutes);
        }
    }

    @Test
    void everyFunctionIsGrantedExactlyTheResourcesItTouches() {
        for (FunctionDef f : template.functions()) {
            Set<String> touches = new TreeSet<>();
            ((List<?>) bean(f.definition()).get("resources")).forEach(r -> touches.add(String.valueOf(r)));
            Set<String> granted = new TreeSet<>(resourcesReferenced(f.policies()));
            Set<String> configured = new TreeSet<>(resourcesReferenced(f.environment()));
            assertThat(granted).as(f.logicalId() + " policies").isEqualTo(touches);
            assertThat(configured).as(f.logicalId() + " environment").isEqualTo(touches);
        }
    }

    @Test
    void everyTableTheCodeUsesIsDeclaredWithItsKeysAndIndexes() {
        Map<String, TableDef> declared = new LinkedHashMap<>();
        template.tables().forEach(t -> declared.put(t.logicalId(), t));
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(
                tables.stream().map(t -> String.valueOf(t.get("logicalId"))).toList());
        for (Map<String, Object> expected : tables) {
            TableDef t = declared.get(String.valueOf(expected.get("logicalId")));
            assertThat(t.key()).isEqualTo(new TableDef.KeySchema((String) expected.get("partitionKey"),
                    (String) expected.get("sortKey")));
            Map<String, TableDef.KeySchema> indexes = new LinkedHashMap<>();
            t.globalIndexes().forEach(i -> indexes.put(i.name(), i.key()));
            Map<String, TableDef.KeySchema> wanted = new LinkedHashMap<>();
            for (Object o : (List<?>) expected.get("indexes")) {
                Map<?, ?> i = (Map<?, ?>) o;
                wanted.put((String) i.get("name"), new TableDef.KeySchema((String) i.get("partitionKey"), (String) i.get("sortKey")));
            }
            assertThat(indexes).as(t.logicalId() + " indexes").isEqualTo(wanted);
            assertThat(t.properties()).as(t.logicalId() + " on demand, recoverable, encrypted")
                    .containsEntry("BillingMode", "PAY_PER_REQUEST")
                    .containsKeys("PointInTimeRecoverySpecification", "SSESpecification");
        }
    }

    @Test
    void everyFunctionHasItsOwnLogGroupWithRetention() {
        for (FunctionDef f : template.functions()) {
            Object loggingConfig = f.properties().get("LoggingConfig");
            Object logGroup = loggingConfig instanceof Map<?, ?> m ? m.get("LogGroup") : null;
            Set<String> refs = resourcesReferenced(logGroup);
            assertThat(refs).as(f.logicalId() + " LoggingConfig.LogGroup").hasSize(1);
            Map<String, Object> group = template.resources().get(refs.iterator().next());
            assertThat(group.get("Type")).isEqualTo("AWS::Logs::LogGroup");
            assertThat(((Map<?, ?>) group.get("Properties")).containsKey("RetentionInDays")).as(refs + " retention").isTrue();
        }
    }

    @Test
    void everyFunctionUsesSnapStartThroughAnAlias() {
        for (FunctionDef f : template.functions()) {
            assertThat(f.properties()).as(f.logicalId()).containsEntry("AutoPublishAlias", "live")
                    .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                    .containsEntry("Handler", "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
            assertThat(String.valueOf(f.properties().get("Runtime"))).isIn("java21", "java25");
        }
    }

    /** Resource logical ids a value refers to through Ref, GetAtt or Sub (parameters and pseudo parameters excluded). */
    static Set<String> resourcesReferenced(Object value) {
        Set<String> found = new LinkedHashSet<>();
        collect(value, found);
        found.removeIf(id -> !template.resources().containsKey(id));
        return found;
    }

    private static void collect(Object value, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equals("Ref")) {
                    found.add(String.valueOf(e.getValue()));
                } else if (key.equals("Fn::GetAtt")) {
                    Object target = e.getValue();
                    found.add(target instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(target).split("\\.")[0]);
                } else if (key.equals("Fn::Sub")) {
                    Object template = e.getValue() instanceof List<?> l ? l.get(0) : e.getValue();
                    Matcher m = SUB_REFERENCE.matcher(String.valueOf(template));
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                    if (e.getValue() instanceof List<?> l && l.size() > 1) {
                        collect(l.get(1), found);
                    }
                } else {
                    collect(e.getValue(), found);
                }
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    @Test
    void theContractCheckSeesReferencesInEveryForm() {
        assertThat(Files.exists(Fixtures.repositoryTemplate())).isTrue();
        Map<String, Object> policies = Map.of("Statement", List.of(Map.of(
                "Resource", List.of(Map.of("Fn::GetAtt", List.of("PasserelleApi", "Arn")),
                        Map.of("Fn::Sub", "${WebBucket.Arn}/*"), Map.of("Ref", "AWS::Region")))));
        assertThat(resourcesReferenced(policies)).containsExactly("PasserelleApi", "WebBucket");
    }

    /**
     * Runs a function once, as its template entry configures it (against no reachable AWS), and
     * returns the settings its code required that the entry does not give: what failed the
     * redemption sweeper on every firing ({@code Missing setting VOUCHERS_TABLE}).
     */
    static Set<String> requiredButNotGiven(FunctionDef f, Map<String, Object> environment) {
        Map<String, String> given = new HashMap<>();
        environment.forEach((k, v) -> given.put(k, String.valueOf(v)));
        // Nothing listens there: each call fails at once, after the settings it needed were read.
        given.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        given.put("AWS_REGION", "eu-west-3");
        Set<String> missing = new TreeSet<>();
        Settings recording = new Settings() {
            @Override
            public String get(String name) {
                return given.get(name);
            }

            @Override
            public String required(String name) {
                if (optional(name).isEmpty()) {
                    missing.add(name);
                }
                return Settings.super.required(name);
            }
        };
        LambdaFunction function = PasserelleFunctions.all(recording).stream()
                .filter(l -> l.name().equals(f.definition())).findFirst().orElseThrow();
        exercise(function);
        return missing;
    }

    @SuppressWarnings("unchecked")
    private static void exercise(LambdaFunction function) {
        try {
            switch (function.trigger()) {
                case SQS -> {
                    com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage m =
                            new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
                    m.setMessageId("m-1");
                    m.setBody("{\"runId\":\"20261123T050000Z-S\",\"redemptionId\":\"R0000000000000001\","
                            + "\"providerId\":\"p\",\"voucherId\":\"v\",\"code\":\"c\",\"sessionDate\":\"2026-06-01\","
                            + "\"createdAt\":\"2026-06-01T10:00:00Z\"}");
                    m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                    com.amazonaws.services.lambda.runtime.events.SQSEvent event =
                            new com.amazonaws.services.lambda.runtime.events.SQSEvent();
                    event.setRecords(List.of(m));
                    ((java.util.function.Function<Object, Object>) function.factory().get()).apply(delivered(event));
                }
                case SCHEDULE -> ((java.util.function.Function<Object, Object>) function.factory().get())
                        .apply(new java.io.ByteArrayInputStream("{\"time\":\"2026-11-23T05:00:00Z\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                case HTTP -> {
                    for (var route : function.routes()) {
                        ((java.util.function.Function<Object, Object>) function.factory().get()).apply(delivered(event(route.routeKey())));
                    }
                }
            }
        } catch (RuntimeException unreachableAws) {
            // Expected: the settings were read on the way.
        }
    }

    /** The event as Lambda delivers it: its JSON, as a stream (what every function reads). */
    @SuppressWarnings("unchecked")
    private static java.io.InputStream delivered(Object event) {
        var serializer = (com.amazonaws.services.lambda.runtime.serialization.PojoSerializer<Object>)
                com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers
                        .serializerFor(event.getClass(), TemplateContractTest.class.getClassLoader());
        var out = new java.io.ByteArrayOutputStream();
        serializer.toJson(event, out);
        return new java.io.ByteArrayInputStream(out.toByteArray());
    }

    private static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event(String routeKey) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        Map<String, String> parameters = new HashMap<>();
        Matcher m = Pattern.compile("\\{([a-zA-Z]+)}").matcher(path);
        while (m.find()) {
            parameters.put(m.group(1), "20261123T050000Z-S");
        }
        var claims = Map.of("sub", "contract-check", "cognito:groups", "[parent provider agent coordinator]");
        var jwt = com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                .withClaims(claims).withScopes(List.of()).build();
        var http = com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method).withPath(path).withSourceIp("127.0.0.1").withProtocol("HTTP/1.1").build();
        var context = com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(routeKey).withHttp(http).withRequestId("contract")
                .withAuthorizer(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer
                        .builder().withJwt(jwt).build()).build();
        return com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.builder().withVersion("2.0")
                .withRouteKey(routeKey).withRawPath(path).withRawQueryString("postalCode=75011")
                .withHeaders(Map.of("content-type", "application/json", "idempotency-key", "contract-check"))
                .withPathParameters(parameters).withQueryStringParameters(Map.of("postalCode", "75011"))
                .withBody("{\"code\":\"PSY\",\"sessionDate\":\"2026-06-01\",\"items\":[{\"code\":\"PSY\"}]}")
                .withRequestContext(context).build();
    }

    @Test
    void everySettingAFunctionsCodeRequiresIsGivenByItsTemplateEntry() {
        Map<String, Set<String>> missing = new java.util.TreeMap<>();
        for (FunctionDef f : template.functions()) {
            Set<String> notGiven = requiredButNotGiven(f, f.environment());
            if (!notGiven.isEmpty()) {
                missing.put(f.logicalId(), notGiven);
            }
        }
        assertThat(missing).as("settings the code requires that the function's template entry does not give").isEmpty();
    }

    @Test
    void theSettingsCheckCatchesASweeperWithoutTheTableItsCodeReads() {
        FunctionDef sweeper = template.functions().stream().filter(f -> f.logicalId().equals("SweepRedemptionsFunction"))
                .findFirst().orElseThrow();
        Map<String, Object> withoutVouchers = new HashMap<>(sweeper.environment());
        withoutVouchers.remove("VOUCHERS_TABLE");

        assertThat(requiredButNotGiven(sweeper, withoutVouchers)).contains("VOUCHERS_TABLE");
    }

    @Test
    void theRunExecutorsHeartbeatIsShorterThanItsQueuesVisibilityAndItBlocksARunOnTheQueuesLastReceive() {
        FunctionDef executor = template.function("ExecuteReimbursementRunsFunction").orElseThrow();
        eu.passerelle.local.template.QueueDef queue = template.queues().stream()
                .filter(q -> q.logicalId().equals("ReimbursementRunQueue")).findFirst().orElseThrow();
        Object heartbeatValue = executor.environment().get("RUN_VISIBILITY_SECONDS");
        if (heartbeatValue instanceof Map<?, ?> ref) {
            heartbeatValue = ((Map<?, ?>) template.parameters().get(String.valueOf(ref.get("Ref")))).get("Default");
        }
        int heartbeat = Integer.parseInt(String.valueOf(heartbeatValue));
        assertThat(queue.deadLetterTarget()).as("the run queue has a dead-letter queue").isNotNull();
        assertThat(heartbeat).as("a crashed run resumes within a minute or two").isBetween(30, 120)
                .isLessThan(queue.visibilityTimeoutSeconds());
        assertThat(Integer.parseInt(String.valueOf(executor.environment().get("RUN_MAX_RECEIVES"))))
                .as("the executor blocks the run on the receive after which the queue moves it to the DLQ")
                .isEqualTo(queue.maxReceiveCount());
    }

    @Test
    void everySqsTriggeredFunctionTimesOutWithinItsQueuesVisibilityTimeoutAsLambdaRequires() {
        for (FunctionDef f : template.functions()) {
            for (FunctionDef.EventDef e : f.eventsOfType("SQS")) {
                String queueId = resourcesReferenced(e.properties().get("Queue")).iterator().next();
                eu.passerelle.local.template.QueueDef queue = template.queues().stream()
                        .filter(q -> q.logicalId().equals(queueId)).findFirst().orElseThrow();
                assertThat(f.timeoutSeconds()).as(f.logicalId() + " timeout vs " + queueId + " visibility")
                        .isLessThanOrEqualTo(queue.visibilityTimeoutSeconds());
            }
        }
    }
}
