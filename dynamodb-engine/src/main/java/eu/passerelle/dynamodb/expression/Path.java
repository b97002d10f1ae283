package eu.passerelle.dynamodb.expression;

import java.util.List;

/**
 * A document path: a top-level attribute name, then map keys (String) and list indexes (Integer),
 * placeholders already replaced by the names they stand for.
 */
public record Path(List<Object> elements) implements Comparable<Path> {

    public Path {
        elements = List.copyOf(elements);
    }

    public static Path of(String attribute) {
        return new Path(List.of(attribute));
    }

    public String top() {
        return (String) elements.get(0);
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** Whether this path equals {@code other} or lies above it. */
    public boolean isPrefixOf(Path other) {
        return other.elements.size() >= elements.size() && other.elements.subList(0, elements.size()).equals(elements);
    }

    @Override
    public int compareTo(Path other) {
        int n = Math.min(elements.size(), other.elements.size());
        for (int i = 0; i < n; i++) {
            Object a = elements.get(i);
            Object b = other.elements.get(i);
            int c;
            if (a instanceof Integer x && b instanceof Integer y) {
                c = Integer.compare(x, y);
            } else {
                c = a.toString().compareTo(b.toString());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.size(), other.elements.size());
    }

    /** As DynamoDB prints paths in its messages: {@code [a, b, [1]]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            Object e = elements.get(i);
            s.append(e instanceof Integer ? "[" + e + "]" : e);
        }
        return s.append(']').toString();
    }
}
