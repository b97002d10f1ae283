package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An operand of a condition or of an update's SET action. */
public sealed interface Operand {

    record PathOperand(Path path) implements Operand {
    }

    /** An {@code :value} placeholder, resolved. */
    record Value(String placeholder, ObjectNode value) implements Operand {
    }

    record Size(Path path) implements Operand {
    }

    /** SET only: {@code a + b}, {@code a - b}. */
    record Arithmetic(char operator, Operand left, Operand right) implements Operand {
    }

    /** SET only. */
    record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    /** SET only. */
    record ListAppend(Operand first, Operand second) implements Operand {
    }
}
