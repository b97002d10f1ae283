package eu.passerelle.benchmarks;

/**
 * The DynamoDB-compatible engine in a JVM of its own, on the loopback: the reimbursement benchmark
 * measures the run's heap, not the database's. Runs with the local runtime's jar on its class path
 * (the runtime's {@code EmbeddedDynamoDb}, reached by reflection so that this module does not
 * depend on the runtime and its logging). Prints {@code ENDPOINT <uri>}, then serves until its
 * standard input closes (the parent stops or dies).
 */
public final class DynamoDbServer {

    private DynamoDbServer() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> embedded = Class.forName("eu.passerelle.local.emulators.EmbeddedDynamoDb");
        try (AutoCloseable db = (AutoCloseable) embedded.getMethod("start", java.nio.file.Path.class).invoke(null, (Object) null)) {
            System.out.println("ENDPOINT " + embedded.getMethod("endpoint").invoke(db));
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close the pipe
            }
        }
        System.exit(0);
    }
}
