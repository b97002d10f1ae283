package eu.passerelle.dynamodb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone: {@code java -jar dynamodb-engine-standalone.jar [--port 8000] [--host 127.0.0.1]
 * (--data DIR | --in-memory)}. Serves until the process is stopped.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynamoDbEngine.Builder builder = DynamoDbEngine.builder().port(8000);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[++i]));
                case "--host" -> builder.host(args[++i]);
                case "--data" -> builder.dataDirectory(Path.of(args[++i]));
                case "--in-memory" -> builder.inMemory();
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar dynamodb-engine-standalone.jar [--port 8000] [--host 127.0.0.1] (--data DIR | --in-memory)");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        DynamoDbEngine engine = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        System.out.println("DynamoDB-compatible engine listening on " + engine.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
