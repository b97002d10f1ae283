package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.AttributeValues;
import eu.passerelle.dynamodb.DynamoDbException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A parsed update expression ("Update expressions" in the developer guide). Every operand is
 * read from the item as it was before the update, then the actions apply in the order SET,
 * REMOVE, ADD, DELETE.
 */
public record UpdateExpression(List<Set> sets, List<Path> removes, List<Add> adds, List<Delete> deletes) {

    public record Set(Path path, Operand value) {
    }

    public record Add(Path path, Operand.Value value) {
    }

    public record Delete(Path path, Operand.Value value) {
    }

    /** Every path the expression writes, in order. */
    public List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        sets.forEach(s -> paths.add(s.path()));
        paths.addAll(removes);
        adds.forEach(a -> paths.add(a.path()));
        deletes.forEach(d -> paths.add(d.path()));
        return paths;
    }

    /** The new item; {@code old} is left untouched. */
    public ObjectNode apply(ObjectNode old) {
        List<JsonNode> values = new ArrayList<>(sets.size());
        for (Set set : sets) {
            values.add(evaluate(set.value(), old));
        }
        ObjectNode item = old.deepCopy();
        for (int i = 0; i < sets.size(); i++) {
            Documents.set(item, sets.get(i).path(), values.get(i));
        }
        // Later list positions first, so that each index names the element it named before.
        List<Path> removals = new ArrayList<>(new LinkedHashSet<>(removes));
        removals.sort(Comparator.reverseOrder());
        for (Path path : removals) {
            Documents.remove(item, path);
        }
        for (Add add : adds) {
            JsonNode current = Documents.get(item, add.path());
            JsonNode value = add.value().value();
            String type = AttributeValues.type(value);
            if (current == null) {
                Documents.set(item, add.path(), value);
            } else if (!AttributeValues.type(current).equals(type)) {
                throw incorrectType();
            } else if (type.equals("N")) {
                BigDecimal sum = AttributeValues.numberOf(current).add(AttributeValues.numberOf(value));
                Documents.set(item, add.path(), AttributeValues.number(AttributeValues.checkRange(sum)));
            } else {
                ArrayNode union = ((ArrayNode) current.get(type)).deepCopy();
                java.util.Set<Object> present = AttributeValues.setOf(type, union);
                for (JsonNode element : value.get(type)) {
                    if (present.add(AttributeValues.canonical(type, element.asText()))) {
                        union.add(element);
                    }
                }
                Documents.set(item, add.path(), AttributeValues.of(type, union));
            }
        }
        for (Delete delete : deletes) {
            JsonNode current = Documents.get(item, delete.path());
            JsonNode value = delete.value().value();
            String type = AttributeValues.type(value);
            if (current == null) {
                continue;
            }
            if (!AttributeValues.type(current).equals(type)) {
                throw incorrectType();
            }
            java.util.Set<Object> removed = AttributeValues.setOf(type, value.get(type));
            ArrayNode rest = AttributeValues.NODES.arrayNode();
            for (JsonNode element : current.get(type)) {
                if (!removed.contains(AttributeValues.canonical(type, element.asText()))) {
                    rest.add(element);
                }
            }
            if (rest.isEmpty()) {
                Documents.remove(item, delete.path());
            } else {
                Documents.set(item, delete.path(), AttributeValues.of(type, rest));
            }
        }
        return item;
    }

    private static JsonNode evaluate(Operand operand, ObjectNode item) {
        if (operand instanceof Operand.Value value) {
            return value.value();
        }
        if (operand instanceof Operand.PathOperand path) {
            JsonNode value = Documents.get(item, path.path());
            if (value == null) {
                throw DynamoDbException.validation("The provided expression refers to an attribute that does not exist in the item");
            }
            return value;
        }
        if (operand instanceof Operand.IfNotExists ifNotExists) {
            JsonNode value = Documents.get(item, ifNotExists.path());
            return value != null ? value : evaluate(ifNotExists.fallback(), item);
        }
        if (operand instanceof Operand.ListAppend append) {
            JsonNode first = evaluate(append.first(), item);
            JsonNode second = evaluate(append.second(), item);
            if (!AttributeValues.type(first).equals("L") || !AttributeValues.type(second).equals("L")) {
                throw incorrectType();
            }
            ArrayNode list = ((ArrayNode) first.get("L")).deepCopy();
            list.addAll((ArrayNode) second.get("L").deepCopy());
            return AttributeValues.of("L", list);
        }
        if (operand instanceof Operand.Arithmetic arithmetic) {
            JsonNode left = evaluate(arithmetic.left(), item);
            JsonNode right = evaluate(arithmetic.right(), item);
            if (!AttributeValues.type(left).equals("N") || !AttributeValues.type(right).equals("N")) {
                throw incorrectType();
            }
            BigDecimal a = AttributeValues.numberOf(left);
            BigDecimal b = AttributeValues.numberOf(right);
            BigDecimal result = arithmetic.operator() == '+' ? a.add(b) : a.subtract(b);
            return AttributeValues.number(AttributeValues.checkRange(result));
        }
        throw DynamoDbException.validation("Invalid UpdateExpression: The function is not allowed in an update expression");
    }

    private static DynamoDbException incorrectType() {
        return DynamoDbException.validation("An operand in the update expression has an incorrect data type");
    }
}
