package eu.passerelle.benchmarks;

import eu.passerelle.local.emulators.EmbeddedDynamoDb;

/**
 * DynamoDB Local in a JVM of its own, on the loopback: the reimbursement benchmark measures the
 * run's heap, not the emulator's. Prints {@code ENDPOINT <uri>}, then serves until its standard
 * input closes (the parent stops or dies).
 */
public final class DynamoDbLocalServer {

    private DynamoDbLocalServer() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(null)) {
            System.out.println("ENDPOINT " + db.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close the pipe
            }
        }
        System.exit(0);
    }
}
