package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client as DynamoDB answers it: HTTP status, {@code __type} with the
 * real exception name (the SDKs map it to their exception classes) and a message, plus any extra
 * fields (the item of a failed condition, a transaction's cancellation reasons).
 */
public final class DynamoDbException extends RuntimeException {

    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
    private static final String CORAL = "com.amazon.coral.validate#";

    private final String type;
    private final int status;
    private final ObjectNode extra = JsonNodeFactory.instance.objectNode();

    private DynamoDbException(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public static DynamoDbException validation(String message) {
        return new DynamoDbException(CORAL + "ValidationException", 400, message);
    }

    public static DynamoDbException invalidParameter(String message) {
        return validation("One or more parameter values were invalid: " + message);
    }

    public static DynamoDbException unsupported(String what) {
        return validation(what + " is not supported by this engine (see its README)");
    }

    public static DynamoDbException conditionFailed() {
        return new DynamoDbException(DYNAMODB + "ConditionalCheckFailedException", 400, "The conditional request failed");
    }

    public static DynamoDbException resourceNotFound(String message) {
        return new DynamoDbException(DYNAMODB + "ResourceNotFoundException", 400, message);
    }

    public static DynamoDbException tableNotFound(String table) {
        return resourceNotFound("Requested resource not found: Table: " + table + " not found");
    }

    public static DynamoDbException resourceInUse(String message) {
        return new DynamoDbException(DYNAMODB + "ResourceInUseException", 400, message);
    }

    public static DynamoDbException transactionCanceled(String message) {
        return new DynamoDbException(DYNAMODB + "TransactionCanceledException", 400, message);
    }

    public static DynamoDbException idempotentParameterMismatch() {
        return new DynamoDbException(DYNAMODB + "IdempotentParameterMismatchException", 400,
                "The request uses the same client token as a previous, but non-identical request.");
    }

    public static DynamoDbException unknownOperation(String target) {
        return new DynamoDbException("com.amazon.coral.service#UnknownOperationException", 400,
                "Unknown operation: " + target);
    }

    public static DynamoDbException serialization(String message) {
        return new DynamoDbException("com.amazon.coral.service#SerializationException", 400, message);
    }

    public static DynamoDbException internal(String message) {
        return new DynamoDbException(DYNAMODB + "InternalServerError", 500, message);
    }

    /** The short name, e.g. {@code ValidationException}. */
    public String shortType() {
        return type.substring(type.indexOf('#') + 1);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** Extra fields of the error body, e.g. {@code Item} or {@code CancellationReasons}. */
    public ObjectNode extra() {
        return extra;
    }
}
