package eu.passerelle.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The local runtime's options, from its arguments and environment. */
record CommandLine(LocalRuntime.Options options, boolean reset, boolean help) {

    static final String USAGE = """
            Usage: java -jar infrastructure/target/passerelle-local.jar [options]
              --port N            HTTP port (default: $PORT or 3000)
              --in-memory         keep all data in memory (default: persisted under .passerelle-data/)
              --data DIR          where to persist data
              --reset             delete persisted data before starting
              --template FILE     the SAM template (default: template.yaml of the repository)
              --warm              start one execution environment per function before serving
              --no-schedules      do not fire scheduled events
              --no-demo           do not seed the demo directory (about 200 fictitious providers)
              --max-containers N  execution environments per function at most (default 4)
              --parameter K=V     a template parameter override (repeatable)
            Environment: PORT, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SECRETSMANAGER
                         (one service elsewhere), AWS_ENDPOINT_URL (all of them: LocalStack, AWS),
                         AWS_REGION (default eu-west-3), PASSERELLE_HOME (the repository root).""";

    /** The repository: PASSERELLE_HOME, else the working directory or the one above, else where this jar was built. */
    static Path home(Map<String, String> env) {
        String explicit = env.getOrDefault("PASSERELLE_HOME", System.getProperty("passerelle.home"));
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate = cwd; candidate != null && candidate.startsWith(cwd.getRoot()); candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("template.yaml"))) {
                return candidate;
            }
            if (candidate.equals(cwd.getParent())) {
                break;
            }
        }
        try {
            Path jar = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // infrastructure/target/passerelle-local.jar (or target/classes) -> the repository
            Path repository = jar.getParent().getParent().getParent();
            if (Files.exists(repository.resolve("template.yaml"))) {
                return repository;
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return cwd;
    }

    static CommandLine parse(String[] args, Map<String, String> env) {
        Path home = home(env);
        Path template = home.resolve("template.yaml");
        int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : 3000;
        Path data = home.resolve(".passerelle-data");
        boolean reset = false;
        boolean warm = false;
        boolean schedules = true;
        boolean help = false;
        boolean demo = true;
        int maxContainers = 4;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--in-memory" -> data = null;
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--reset" -> reset = true;
                case "--template" -> template = Path.of(args[++i]).toAbsolutePath();
                case "--warm" -> warm = true;
                case "--no-schedules" -> schedules = false;
                case "--no-demo" -> demo = false;
                case "--max-containers" -> maxContainers = Integer.parseInt(args[++i]);
                case "--parameter" -> {
                    String[] kv = args[++i].split("=", 2);
                    parameters.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        String endpoint = env.get("AWS_ENDPOINT_URL");
        String region = env.getOrDefault("AWS_REGION", "eu-west-3");
        LocalRuntime.Options options = new LocalRuntime.Options(template, template.getParent().resolve("web"), port, data,
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint), region, warm, maxContainers,
                schedules, parameters, Clock.systemUTC(), line -> System.out.println("[local] " + line), demo);
        return new CommandLine(options, reset, help);
    }
}
