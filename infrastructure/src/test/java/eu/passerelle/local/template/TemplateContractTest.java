package eu.passerelle.local.template;

import eu.passerelle.local.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
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
 * template.yaml against what the code expects, read from the built functions jar in a class
 * loader of its own (as Lambda loads it): every function definition names a function bean with
 * the matching trigger, every function is granted exactly the resources it touches, and every
 * table has the keys and indexes the code queries.
 */
class TemplateContractTest {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}");

    static SamTemplate template;
    static URLClassLoader functionsJar;
    static List<Map<String, Object>> manifest;
    static List<Map<String, Object>> tables;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        template = SamTemplate.load(Fixtures.repositoryTemplate());
        Set<Object> codeUris = new HashSet<>();
        template.functions().forEach(f -> codeUris.add(f.codeUri()));
        assertThat(codeUris).as("all functions ship in one jar").hasSize(1);
        Path jar = template.baseDirectory().resolve(String.valueOf(codeUris.iterator().next()));
        assertThat(jar).as("functions jar (mvn package)").exists();
        functionsJar = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> type = functionsJar.loadClass("eu.passerelle.functions.FunctionManifest");
        manifest = (List<Map<String, Object>>) type.getMethod("functions").invoke(null);
        tables = (List<Map<String, Object>>) type.getMethod("tables").invoke(null);
    }

    @AfterAll
    static void close() throws Exception {
        functionsJar.close();
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
            assertThat(SamTemplate.map(group.get("Properties"))).containsKey("RetentionInDays");
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
}
