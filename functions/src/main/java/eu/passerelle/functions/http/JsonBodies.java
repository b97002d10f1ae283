package eu.passerelle.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import eu.passerelle.Rejection;

import java.util.List;
import java.util.stream.Collectors;

/** Reads JSON request bodies strictly, each mistake a problem pointing at its field. */
public final class JsonBodies {

    /** Far more than any form of ours; API Gateway itself stops at 10 MB. */
    static final int MAX_BODY_CHARS = 64 * 1024;

    private JsonBodies() {
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
        ObjectReader reader = Json.MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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
        } catch (JsonMappingException e) {
            String pointer = pointer(e);
            throw new Rejection(Rejection.Kind.INVALID, "invalid-field", "Champ mal formé",
                    "Le champ " + pointer + " n'a pas le type attendu.", List.of(
                    new Rejection.Pointer(Rejection.Pointer.Location.BODY, pointer, "Type inattendu.")));
        } catch (JsonProcessingException e) {
            throw new Rejection(Rejection.Kind.INVALID, "invalid-json", "JSON mal formé",
                    "Le corps de la requête n'est pas du JSON valide (ligne " + e.getLocation().getLineNr() + ").", List.of());
        }
    }

    private static String pointer(JsonMappingException e) {
        return "#/" + e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("/"));
    }
}
