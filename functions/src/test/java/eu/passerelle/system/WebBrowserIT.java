package eu.passerelle.system;

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
 * Every browser test of web/tests in Debian's Chromium, driven by playwright-core, against the
 * whole system running locally from template.yaml: the parent's search, sign-in, a provider's
 * application, an agent's review, the directory; keyboard use and axe-core checks on each page.
 */
class WebBrowserIT {

    @Test
    void theWebJourneysPassInARealBrowser() throws Exception {
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
            // The suites run one after another (node's concurrency on 2 cores is 1), each starting
            // its own cold functions: ten suites need more than the five minutes that once sufficed.
            boolean finished = node.waitFor(10, TimeUnit.MINUTES);
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
