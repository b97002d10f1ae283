package eu.passerelle.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Shared test setup: the repository, the fixture template, an HTTP client. */
public final class Fixtures {

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Fixtures() {
    }

    public static Path repository() {
        String home = System.getProperty("passerelle.home");
        Path root = home != null ? Path.of(home) : Path.of("..");
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = Path.of("..");
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path repositoryTemplate() {
        return repository().resolve("template.yaml");
    }

    public static Path fixtureTemplate() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/runtime-fixture.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture template in memory; its handlers append what they see to {@code sink}. */
    public static LocalRuntime startFixture(Path sink, Path dataDirectory, boolean schedules, Clock clock) {
        LocalRuntime.Options options = LocalRuntime.Options.forTests(fixtureTemplate()).withDataDirectory(dataDirectory)
                .withSchedules(schedules, clock);
        options = new LocalRuntime.Options(options.template(), options.webRoot(), 0, options.dataDirectory(), null,
                options.region(), false, 2, options.schedulesEnabled(), Map.of("SinkFile", sink.toString()),
                options.clock(), line -> System.out.println("[fixture] " + line), false);
        return LocalRuntime.start(options);
    }

    public static List<String> lines(Path sink) {
        try {
            return Files.exists(sink) ? Files.readAllLines(sink, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
    }

    public static HttpResponse<String> get(URI base, String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
