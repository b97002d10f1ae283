package eu.passerelle.local.web;

import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search page in Debian's Chromium, driven by playwright-core (web/tests), against the whole
 * system running locally from template.yaml: what a parent sees after typing a postal code,
 * keyboard use, and axe-core accessibility checks.
 */
class SearchPageBrowserTest {

    @Test
    void aParentFindsTheCommunesAndServicesOfTheirPostalCode() throws Exception {
        Path web = Fixtures.repository().resolve("web");
        assertThat(web.resolve("node_modules/playwright-core")).as(
                "web/node_modules: build from the repository root (the web module runs npm ci) or run npm ci in web/")
                .exists();
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.forTests(Fixtures.repositoryTemplate()))) {
            Path log = Files.createTempFile("browser-test", ".log");
            ProcessBuilder command = new ProcessBuilder("node", "--test", "tests/")
                    .directory(web.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            command.environment().put("BASE_URL", runtime.baseUrl().toString());
            Process node = command.start();
            boolean finished = node.waitFor(5, TimeUnit.MINUTES);
            String output = read(log);
            System.out.println(output);
            if (!finished) {
                node.destroyForcibly();
            }
            assertThat(finished).as("browser test finished in time").isTrue();
            assertThat(node.exitValue()).as("browser test exit code; output:\n" + output).isZero();
            assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
