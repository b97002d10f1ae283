package eu.passerelle.functions;

import eu.passerelle.local.Fixtures;
import eu.passerelle.local.template.FunctionDef;
import eu.passerelle.local.template.HttpApiDef;
import eu.passerelle.local.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Who may call what" names exactly the routes template.yaml opens to anyone
 * ({@code Authorizer: NONE}): a route opened in the template without saying so in the README,
 * or a README promising an open route the template guards, fails here (the list once named four
 * groups while the template opened seven).
 */
class ReadmeOpenRoutesTest {

    private static final Pattern ROUTE = Pattern.compile("`((?:GET|POST|PUT|DELETE|PATCH) /api/[^`\\s]*)`");

    @Test
    void theReadmeListsExactlyTheRoutesTheTemplateOpensToAnyone() throws IOException {
        SamTemplate template = SamTemplate.load(Fixtures.repositoryTemplate());
        HttpApiDef api = template.httpApis().get(0);
        Set<String> open = new TreeSet<>();
        for (FunctionDef f : template.functions()) {
            for (FunctionDef.EventDef e : f.eventsOfType("HttpApi")) {
                if (api.authorizerOf(e.properties()) == null) {
                    open.add(String.valueOf(e.properties().get("Method")).toUpperCase() + " " + e.properties().get("Path"));
                }
            }
        }
        String readme = Files.readString(Fixtures.repositoryTemplate().resolveSibling("README.md"));
        int start = readme.indexOf("Who may call what:");
        assertThat(start).as("the README says who may call what").isGreaterThanOrEqualTo(0);
        int end = readme.indexOf("\n\n", start);
        Set<String> listed = new TreeSet<>();
        Matcher m = ROUTE.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertThat(open).as("the template opens some routes").isNotEmpty();
        assertThat(listed).isEqualTo(open);
    }
}
