package eu.passerelle.dynamodb.expression;

import java.util.List;

/** A parsed condition, filter or key condition expression. */
public sealed interface Condition {

    record Or(Condition left, Condition right) implements Condition {
    }

    record And(Condition left, Condition right) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }

    /** {@code =, <>, <, <=, >, >=}. */
    record Comparison(String operator, Operand left, Operand right) implements Condition {
    }

    record Between(Operand value, Operand low, Operand high) implements Condition {
    }

    record In(Operand value, List<Operand> candidates) implements Condition {
    }

    /** {@code attribute_exists, attribute_not_exists, attribute_type, begins_with, contains}. */
    record Function(String name, Operand.PathOperand path, Operand argument) implements Condition {
    }
}
