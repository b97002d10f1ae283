package eu.passerelle.dynamodb.expression;

import eu.passerelle.dynamodb.AttributeValues;
import eu.passerelle.dynamodb.DynamoDbException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the expression language of the developer guide ("Condition and
 * filter expressions, operators, and functions", "Update expressions", "Projection
 * expressions"): a small LL(1) grammar, so a hand-written parser gives DynamoDB's own error
 * wording and no generated code (see the module README).
 */
public final class ExpressionParser {

    public static final String CONDITION = "ConditionExpression";
    public static final String FILTER = "FilterExpression";
    public static final String KEY_CONDITION = "KeyConditionExpression";
    public static final String UPDATE = "UpdateExpression";
    public static final String PROJECTION = "ProjectionExpression";

    private static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final int MAX_LENGTH = 4096;
    private static final int MAX_IN = 100;

    private enum Kind { NAME, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, INTEGER, SYMBOL, END }

    private record Token(Kind kind, String text, int position) {
    }

    private final String source;
    private final String kind;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private int next;

    private ExpressionParser(String source, String kind, ExpressionAttributes attributes) {
        if (source.isEmpty()) {
            throw DynamoDbException.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        if (source.length() > MAX_LENGTH) {
            throw DynamoDbException.validation("Invalid " + kind + ": Expression size has exceeded the maximum allowed size;");
        }
        this.source = source;
        this.kind = kind;
        this.attributes = attributes;
        this.tokens = tokenize();
    }

    public static Condition condition(String source, String kind, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(source, kind, attributes);
        Condition condition = parser.or();
        parser.expectEnd();
        parser.check(condition);
        return condition;
    }

    public static UpdateExpression update(String source, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(source, UPDATE, attributes);
        return parser.updateExpression();
    }

    public static List<Path> projection(String source, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(source, PROJECTION, attributes);
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(parser.path());
        } while (parser.acceptSymbol(","));
        parser.expectEnd();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < paths.size(); j++) {
                if (i != j && paths.get(i).isPrefixOf(paths.get(j))) {
                    throw parser.overlap(paths.get(i), paths.get(j));
                }
            }
        }
        return paths;
    }

    // ---- lexer

    private List<Token> tokenize() {
        List<Token> result = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':') {
                int start = i++;
                while (i < source.length() && isWordChar(source.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntax(String.valueOf(c), start);
                }
                result.add(new Token(c == '#' ? Kind.NAME_PLACEHOLDER : Kind.VALUE_PLACEHOLDER, source.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < source.length() && Character.isDigit(source.charAt(i))) {
                    i++;
                }
                result.add(new Token(Kind.INTEGER, source.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < source.length() && isWordChar(source.charAt(i))) {
                    i++;
                }
                result.add(new Token(Kind.NAME, source.substring(start, i), start));
            } else if ((c == '<' || c == '>') && i + 1 < source.length() && (source.charAt(i + 1) == '=' || (c == '<' && source.charAt(i + 1) == '>'))) {
                result.add(new Token(Kind.SYMBOL, source.substring(i, i + 2), i));
                i += 2;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                result.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            } else {
                throw DynamoDbException.validation("Invalid " + kind + ": Syntax error; token: \"" + c + "\", near: \"" + near(i) + "\"");
            }
        }
        result.add(new Token(Kind.END, "<EOF>", source.length()));
        return result;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    // ---- conditions

    private Condition or() {
        Condition left = and();
        while (acceptKeyword("OR")) {
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (acceptKeyword("AND")) {
            left = new Condition.And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (acceptKeyword("NOT")) {
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() {
        if (acceptSymbol("(")) {
            Condition inner = or();
            expectSymbol(")");
            return inner;
        }
        Token token = peek();
        if (token.kind == Kind.NAME && peekAt(1).text.equals("(") && CONDITION_FUNCTIONS.contains(token.text)) {
            return function();
        }
        if (token.kind == Kind.NAME && peekAt(1).text.equals("(") && !token.text.equals("size")) {
            throw DynamoDbException.validation("Invalid " + kind + ": Invalid function name; function: " + token.text);
        }
        Operand left = operand();
        if (acceptKeyword("BETWEEN")) {
            Operand low = operand();
            expectKeyword("AND");
            Operand high = operand();
            return new Condition.Between(left, low, high);
        }
        if (acceptKeyword("IN")) {
            expectSymbol("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (acceptSymbol(","));
            expectSymbol(")");
            if (candidates.size() > MAX_IN) {
                throw DynamoDbException.validation("Invalid " + kind + ": The IN operator is provided with too many operands; number of operands: " + candidates.size());
            }
            return new Condition.In(left, candidates);
        }
        Token operator = peek();
        if (operator.kind == Kind.SYMBOL && COMPARATORS.contains(operator.text)) {
            next++;
            return new Condition.Comparison(operator.text, left, operand());
        }
        throw syntax(operator);
    }

    private Condition function() {
        Token name = tokens.get(next++);
        expectSymbol("(");
        Operand first = operand();
        if (!(first instanceof Operand.PathOperand path)) {
            throw incorrectOperand(name.text, first);
        }
        Operand argument = null;
        switch (name.text) {
            case "attribute_exists", "attribute_not_exists" -> {
            }
            default -> {
                expectSymbol(",");
                argument = operand();
            }
        }
        expectSymbol(")");
        return new Condition.Function(name.text, path, argument);
    }

    private Operand operand() {
        Token token = peek();
        if (token.kind == Kind.VALUE_PLACEHOLDER) {
            next++;
            return new Operand.Value(token.text, attributes.value(token.text, kind));
        }
        if (token.kind == Kind.NAME && token.text.equals("size") && peekAt(1).text.equals("(")) {
            next += 2;
            Path path = path();
            expectSymbol(")");
            return new Operand.Size(path);
        }
        if (token.kind == Kind.NAME && peekAt(1).text.equals("(")) {
            throw DynamoDbException.validation("Invalid " + kind + ": The function is not allowed to be used this way in an expression; function: " + token.text);
        }
        return new Operand.PathOperand(path());
    }

    Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (acceptSymbol(".")) {
                elements.add(pathName());
            } else if (peek().text.equals("[")) {
                next++;
                Token index = peek();
                if (index.kind != Kind.INTEGER) {
                    throw syntax(index);
                }
                next++;
                int value;
                try {
                    value = Integer.parseInt(index.text);
                } catch (NumberFormatException e) {
                    throw syntax(index);
                }
                expectSymbol("]");
                elements.add(value);
            } else {
                return new Path(elements);
            }
        }
    }

    private String pathName() {
        Token token = peek();
        if (token.kind == Kind.NAME_PLACEHOLDER) {
            next++;
            return attributes.name(token.text, kind);
        }
        if (token.kind == Kind.NAME) {
            if (ReservedWords.isReserved(token.text)) {
                throw DynamoDbException.validation("Invalid " + kind + ": Attribute name is a reserved keyword; reserved keyword: " + token.text);
            }
            next++;
            return token.text;
        }
        throw syntax(token);
    }

    /** Static checks DynamoDB makes before reading any item: operand types of constants. */
    private void check(Condition condition) {
        if (condition instanceof Condition.Or or) {
            check(or.left());
            check(or.right());
        } else if (condition instanceof Condition.And and) {
            check(and.left());
            check(and.right());
        } else if (condition instanceof Condition.Not not) {
            check(not.condition());
        } else if (condition instanceof Condition.Comparison comparison) {
            if (!comparison.operator().equals("=") && !comparison.operator().equals("<>")) {
                requireOrderable(comparison.operator(), comparison.left());
                requireOrderable(comparison.operator(), comparison.right());
            }
        } else if (condition instanceof Condition.Between between) {
            requireOrderable("BETWEEN", between.value());
            requireOrderable("BETWEEN", between.low());
            requireOrderable("BETWEEN", between.high());
            if (between.low() instanceof Operand.Value low && between.high() instanceof Operand.Value high
                    && AttributeValues.type(low.value()).equals(AttributeValues.type(high.value()))
                    && AttributeValues.compare(low.value(), high.value()) > 0) {
                throw DynamoDbException.validation("Invalid " + kind + ": The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: "
                        + low.value() + ", upper operand: " + high.value());
            }
        } else if (condition instanceof Condition.Function function) {
            if (function.name().equals("attribute_type")) {
                if (!(function.argument() instanceof Operand.Value value) || !AttributeValues.type(value.value()).equals("S")
                        || !AttributeValues.isType(value.value().get("S").asText())) {
                    throw DynamoDbException.validation("Invalid " + kind + ": Invalid attribute type name found in type condition: "
                            + describe(function.argument()));
                }
            } else if (function.name().equals("begins_with") && function.argument() instanceof Operand.Value value
                    && !Set.of("S", "B").contains(AttributeValues.type(value.value()))) {
                throw incorrectOperand("begins_with", function.argument());
            }
        }
    }

    private void requireOrderable(String operator, Operand operand) {
        if (operand instanceof Operand.Value value && !AttributeValues.orderable(value.value())) {
            throw incorrectOperand(operator, operand);
        }
    }

    private DynamoDbException incorrectOperand(String operator, Operand operand) {
        return DynamoDbException.validation("Invalid " + kind + ": Incorrect operand type for operator or function; operator or function: "
                + operator + ", operand type: " + describe(operand));
    }

    private static String describe(Operand operand) {
        if (operand instanceof Operand.Value value) {
            return AttributeValues.type(value.value());
        }
        return operand.getClass().getSimpleName();
    }

    // ---- update expressions

    private UpdateExpression updateExpression() {
        List<UpdateExpression.Set> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<UpdateExpression.Add> adds = new ArrayList<>();
        List<UpdateExpression.Delete> deletes = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        while (peek().kind != Kind.END) {
            Token clause = peek();
            String keyword = clause.kind == Kind.NAME ? clause.text.toUpperCase(Locale.ROOT) : "";
            if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(keyword)) {
                throw syntax(clause);
            }
            next++;
            if (!seen.add(keyword)) {
                throw DynamoDbException.validation("Invalid UpdateExpression: The \"" + keyword + "\" section can only be used once in an update expression;");
            }
            do {
                switch (keyword) {
                    case "SET" -> {
                        Path path = path();
                        expectSymbol("=");
                        sets.add(new UpdateExpression.Set(path, setValue()));
                    }
                    case "REMOVE" -> removes.add(path());
                    case "ADD" -> adds.add(new UpdateExpression.Add(path(), setOperandValue()));
                    default -> deletes.add(new UpdateExpression.Delete(path(), setOperandValue()));
                }
            } while (acceptSymbol(","));
        }
        UpdateExpression update = new UpdateExpression(sets, removes, adds, deletes);
        List<Path> paths = update.paths();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                Path a = paths.get(i);
                Path b = paths.get(j);
                if (a.equals(b)) {
                    throw DynamoDbException.validation("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
                            + a + ", path two: " + b);
                }
                if (a.isPrefixOf(b) || b.isPrefixOf(a)) {
                    throw overlap(a, b);
                }
            }
        }
        for (UpdateExpression.Add add : adds) {
            String type = AttributeValues.type(add.value().value());
            if (!Set.of("N", "SS", "NS", "BS").contains(type)) {
                throw DynamoDbException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: " + type);
            }
        }
        for (UpdateExpression.Delete delete : deletes) {
            String type = AttributeValues.type(delete.value().value());
            if (!Set.of("SS", "NS", "BS").contains(type)) {
                throw DynamoDbException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: " + type);
            }
        }
        return update;
    }

    private DynamoDbException overlap(Path a, Path b) {
        return DynamoDbException.validation("Invalid " + kind + ": Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                + a + ", path two: " + b);
    }

    private Operand.Value setOperandValue() {
        Token token = peek();
        if (token.kind != Kind.VALUE_PLACEHOLDER) {
            throw syntax(token);
        }
        next++;
        return new Operand.Value(token.text, attributes.value(token.text, kind));
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (peek().kind == Kind.SYMBOL && (peek().text.equals("+") || peek().text.equals("-"))) {
            char operator = tokens.get(next++).text.charAt(0);
            return new Operand.Arithmetic(operator, left, setOperand());
        }
        return left;
    }

    private Operand setOperand() {
        Token token = peek();
        if (token.kind == Kind.VALUE_PLACEHOLDER) {
            next++;
            return new Operand.Value(token.text, attributes.value(token.text, kind));
        }
        if (token.kind == Kind.NAME && peekAt(1).text.equals("(")) {
            next += 2;
            Operand result;
            switch (token.text) {
                case "if_not_exists" -> {
                    Path path = path();
                    expectSymbol(",");
                    result = new Operand.IfNotExists(path, setOperand());
                }
                case "list_append" -> {
                    Operand first = setOperand();
                    expectSymbol(",");
                    result = new Operand.ListAppend(first, setOperand());
                }
                default -> throw DynamoDbException.validation("Invalid UpdateExpression: Invalid function name; function: " + token.text);
            }
            expectSymbol(")");
            return result;
        }
        return new Operand.PathOperand(path());
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private boolean acceptSymbol(String symbol) {
        Token token = peek();
        if (token.kind == Kind.SYMBOL && token.text.equals(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw syntax(peek());
        }
    }

    private boolean acceptKeyword(String keyword) {
        Token token = peek();
        if (token.kind == Kind.NAME && token.text.equalsIgnoreCase(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw syntax(peek());
        }
    }

    private void expectEnd() {
        if (peek().kind != Kind.END) {
            throw syntax(peek());
        }
    }

    private DynamoDbException syntax(Token token) {
        return syntax(token.text, token.position);
    }

    private DynamoDbException syntax(String token, int position) {
        return DynamoDbException.validation("Invalid " + kind + ": Syntax error; token: \"" + token + "\", near: \"" + near(position) + "\"");
    }

    private String near(int position) {
        int from = Math.max(0, position - 8);
        int to = Math.min(source.length(), position + 8);
        return source.substring(from, to);
    }
}
