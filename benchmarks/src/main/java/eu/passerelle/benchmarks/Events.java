package eu.passerelle.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.PostalCodeDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The real API Gateway event of events/http, replayed for many postal codes. */
final class Events {

    static final String LOOKUP_EVENT = "/events/lookup-postal-code-75018.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    static byte[] lookupEvent() {
        try (InputStream in = Events.class.getResourceAsStream(LOOKUP_EVENT)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + LOOKUP_EVENT);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A postal code of the directory, with its country. */
    record Code(Country country, String code) {
    }

    /** Every code of the directory, French and Belgian, in a fixed pseudo-random order. */
    static List<Code> everyCodeShuffled(PostalCodeDirectory directory) {
        List<Code> codes = new ArrayList<>();
        for (Country country : Country.values()) {
            directory.codes(country).forEach(c -> codes.add(new Code(country, c)));
        }
        Collections.shuffle(codes, new Random(20261123L));
        return codes;
    }

    /** The lookup event rewritten for another code: path, path parameter and, in Belgium, ?country=BE. */
    static byte[] lookupEvent(byte[] template, Code code) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(template);
            String path = "/api/postal-codes/" + code.code();
            event.put("rawPath", path);
            ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
            ((ObjectNode) event.path("pathParameters")).put("code", code.code());
            if (code.country() != Country.FR) {
                event.put("rawQueryString", "country=" + code.country().name());
                event.putObject("queryStringParameters").put("country", code.country().name());
            }
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
