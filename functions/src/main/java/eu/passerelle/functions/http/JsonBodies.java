package eu.passerelle.functions.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import eu.passerelle.Rejection;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies strictly, each mistake a problem pointing at its field: one JSON
 * object of the declared shape and types, nothing after it, no duplicate member, no value of
 * another type coerced ({@code "2"} or {@code 1.5} for a whole number, {@code 12345} or
 * {@code true} for a text), nesting bounded, and no text carrying invisible control characters.
 */
public final class JsonBodies {

    /** Far more than any form of ours; API Gateway itself stops at 10 MB. */
    static final int MAX_BODY_CHARS = 64 * 1024;
    /** Our deepest form nests a handful of levels; refuse well before Jackson's own limit (1,000). */
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper STRICT = strict(Json.MAPPER.copy());

    private JsonBodies() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxNumberLength(32).maxStringLength(MAX_BODY_CHARS).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // A value of another JSON type is refused, never converted.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float)) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("plain-text").addDeserializer(String.class, new PlainText()));
        return mapper;
    }

    public static <T> T read(HttpRequest request, Class<T> type) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw new Rejection(Rejection.Kind.INVALID, "missing-body", "Corps de requête manquant",
                    "Cette requête attend un corps JSON.", List.of());
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new Rejection(Rejection.Kind.INVALID, "body-too-large", "Corps de requête trop grand",
                    "Le corps de la requête dépasse " + MAX_BODY_CHARS / 1024 + " Kio.", List.of());
        }
        String contentType = request.header("content-type");
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            throw new Rejection(Rejection.Kind.INVALID, "unsupported-media-type", "Format non pris en charge",
                    "Envoyez le corps en JSON (Content-Type: application/json).", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.HEADER, "content-type", "application/json attendu.")));
        }
        ObjectReader reader = STRICT.readerFor(type);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw new Rejection(Rejection.Kind.INVALID, "missing-body", "Corps de requête manquant",
                        "Cette requête attend un objet JSON.", List.of());
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String pointer = pointer(e);
            throw new Rejection(Rejection.Kind.INVALID, "unknown-field", "Champ inconnu",
                    "Le champ « " + e.getPropertyName() + " » n'existe pas.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, pointer, "Champ inconnu.")));
        } catch (ForbiddenCharacters e) {
            String pointer = pointer(e);
            throw new Rejection(Rejection.Kind.INVALID, "invalid-characters", "Caractères non admis",
                    "Le champ " + pointer + " contient un caractère de contrôle ou d'inversion du sens d'écriture.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, pointer, "Caractère non admis.")));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamConstraintsException) {
                throw tooDeep();
            }
            if (e instanceof MismatchedInputException && e.getPath().isEmpty()) {
                // An array, a bare value, or anything after the object.
                throw notAnObject();
            }
            String pointer = pointer(e);
            throw new Rejection(Rejection.Kind.INVALID, "invalid-field", "Champ mal formé",
                    "Le champ " + pointer + " n'a pas le type attendu.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, pointer, "Type inattendu.")));
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (JsonProcessingException e) {
            // Some parser errors carry no location (a limit met before any token): never a 500 for that.
            String where = e.getLocation() == null ? "" : " (ligne " + e.getLocation().getLineNr() + ")";
            throw new Rejection(Rejection.Kind.INVALID, "invalid-json", "JSON mal formé",
                    "Le corps de la requête n'est pas du JSON valide" + where + ".", List.of());
        }
    }

    private static Rejection tooDeep() {
        return new Rejection(Rejection.Kind.INVALID, "invalid-json", "JSON mal formé",
                "Le corps de la requête imbrique plus de " + MAX_DEPTH + " niveaux ou porte une valeur démesurée.", List.of());
    }

    private static Rejection notAnObject() {
        return new Rejection(Rejection.Kind.INVALID, "invalid-json", "JSON mal formé",
                "Cette requête attend un objet JSON, rien d'autre.", List.of());
    }

    private static String pointer(JsonMappingException e) {
        return "#/" + e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("/"));
    }

    /**
     * The one policy for text received: refused when it holds a control character other than
     * tab and line breaks (NUL included), or a bidirectional embedding, override or isolate
     * (U+202A–U+202E, U+2066–U+2069: they make a reason or a name read differently from what is
     * stored), or half of a surrogate pair. Refused rather than cleaned, so that what is stored
     * is exactly what the caller sent.
     */
    static boolean admissible(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Thrown by {@link PlainText}; Jackson adds the path of the field. */
    static final class ForbiddenCharacters extends MismatchedInputException {
        ForbiddenCharacters(JsonParser parser) {
            super(parser, "Forbidden character in text", String.class);
        }
    }

    /** Every text of a body, read as Jackson reads strings (its coercion rules included), then checked. */
    private static final class PlainText extends StdScalarDeserializer<String> {
        PlainText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && !admissible(text)) {
                throw new ForbiddenCharacters(parser);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }
}
