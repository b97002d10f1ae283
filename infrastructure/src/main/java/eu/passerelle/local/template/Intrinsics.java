package eu.passerelle.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions over a template value, given how this deployment
 * names things. Covers what SAM templates use: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
 * Fn::Split, Fn::If with conditions, Fn::FindInMap, Fn::Base64 and AWS::NoValue.
 */
public final class Intrinsics {

    /** Marks a value removed by {@code AWS::NoValue}. */
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    /** How the deployment answers Ref and GetAtt. */
    public interface Names {
        /** The value of {@code Ref} on a logical id, a parameter or a pseudo parameter. */
        Object ref(String name);

        /** The value of {@code Fn::GetAtt} on a resource attribute. */
        Object getAtt(String logicalId, String attribute);
    }

    private final Names names;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Map<String, Boolean> evaluatedConditions = new LinkedHashMap<>();

    public Intrinsics(Names names, Map<String, Object> conditions, Map<String, Object> mappings) {
        this.names = names;
        this.conditions = conditions == null ? Map.of() : conditions;
        this.mappings = mappings == null ? Map.of() : mappings;
    }

    /** Resolves every intrinsic inside {@code value}; plain values pass through. */
    public Object resolve(Object value) {
        Object resolved = eval(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** Resolves to a string, as environment variables and names need. */
    public String resolveString(Object value) {
        Object resolved = resolve(value);
        return resolved == null ? null : String.valueOf(resolved);
    }

    public boolean condition(String name) {
        Boolean known = evaluatedConditions.get(name);
        if (known != null) {
            return known;
        }
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("Unknown condition " + name);
        }
        boolean value = truth(eval(definition));
        evaluatedConditions.put(name, value);
        return value;
    }

    @SuppressWarnings("unchecked")
    private Object eval(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && !(only.getValue() instanceof Map)) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = eval(e.getValue());
                if (v != NO_VALUE) {
                    out.put(String.valueOf(e.getKey()), v);
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                Object v = eval(item);
                if (v != NO_VALUE) {
                    out.add(v);
                }
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref": {
                String target = String.valueOf(eval(argument));
                return target.equals("AWS::NoValue") ? NO_VALUE : names.ref(target);
            }
            case "Condition":
                return condition(String.valueOf(argument));
            case "Fn::GetAtt": {
                List<Object> parts = argument instanceof List<?> l ? (List<Object>) eval(l)
                        : List.of(String.valueOf(eval(argument)).split("\\.", 2));
                return names.getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Sub":
                return sub(argument);
            case "Fn::Join": {
                List<Object> args = (List<Object>) argument;
                String delimiter = String.valueOf(eval(args.get(0)));
                List<Object> items = (List<Object>) eval(args.get(1));
                return String.join(delimiter, items.stream().map(String::valueOf).toList());
            }
            case "Fn::Select": {
                List<Object> args = (List<Object>) argument;
                int index = Integer.parseInt(String.valueOf(eval(args.get(0))));
                return ((List<Object>) eval(args.get(1))).get(index);
            }
            case "Fn::Split": {
                List<Object> args = (List<Object>) argument;
                String delimiter = String.valueOf(eval(args.get(0)));
                return List.of(String.valueOf(eval(args.get(1))).split(Pattern.quote(delimiter), -1));
            }
            case "Fn::If": {
                List<Object> args = (List<Object>) argument;
                return condition(String.valueOf(args.get(0))) ? eval(args.get(1)) : eval(args.get(2));
            }
            case "Fn::Equals": {
                List<Object> args = (List<Object>) argument;
                return String.valueOf(eval(args.get(0))).equals(String.valueOf(eval(args.get(1))));
            }
            case "Fn::Not":
                return !truth(eval(((List<Object>) argument).get(0)));
            case "Fn::And":
                return ((List<Object>) argument).stream().allMatch(a -> truth(eval(a)));
            case "Fn::Or":
                return ((List<Object>) argument).stream().anyMatch(a -> truth(eval(a)));
            case "Fn::FindInMap": {
                List<Object> args = (List<Object>) argument;
                Map<String, Object> map = (Map<String, Object>) mappings.get(String.valueOf(eval(args.get(0))));
                Map<String, Object> level = (Map<String, Object>) map.get(String.valueOf(eval(args.get(1))));
                return level.get(String.valueOf(eval(args.get(2))));
            }
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(String.valueOf(eval(argument)).getBytes(StandardCharsets.UTF_8));
            default:
                throw new IllegalArgumentException("Intrinsic function " + name + " is not supported locally");
        }
    }

    @SuppressWarnings("unchecked")
    private String sub(Object argument) {
        String template;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            template = String.valueOf(list.get(0));
            variables = (Map<String, Object>) eval(list.get(1));
        } else {
            template = String.valueOf(argument);
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}";
            } else if (variables.containsKey(m.group(2))) {
                replacement = String.valueOf(variables.get(m.group(2)));
            } else if (m.group(2).contains(".") && !m.group(2).startsWith("AWS::")) {
                String[] parts = m.group(2).split("\\.", 2);
                replacement = String.valueOf(names.getAtt(parts[0], parts[1]));
            } else {
                replacement = String.valueOf(names.ref(m.group(2)));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean truth(Object value) {
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }
}
