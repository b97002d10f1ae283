package eu.passerelle.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Fills an empty local directory with about 200 clearly fictitious approved providers across
 * several departments, through the API itself (each applies with a demo provider account, a
 * demo agent approves): what a new user sees is what the real flow produces.
 */
public final class DemoDirectory {

    /** Demo sign-in tokens, from the runtime's local issuer. */
    @FunctionalInterface
    public interface Tokens {
        String token(String role, String name, String department);
    }

    record Place(String postalCode, String communeCode, String locality, String country, String department) {
    }

    static final List<Place> PLACES = List.of(
            new Place("75011", "75111", null, "FR", "75"), new Place("75018", "75118", null, "FR", "75"),
            new Place("75015", "75115", null, "FR", "75"), new Place("93200", "93066", null, "FR", "93"),
            new Place("69003", "69383", null, "FR", "69"), new Place("69100", "69266", null, "FR", "69"),
            new Place("13006", "13206", null, "FR", "13"), new Place("59000", "59350", null, "FR", "59"),
            new Place("33000", "33063", null, "FR", "33"), new Place("31000", "31555", null, "FR", "31"),
            new Place("44000", "44109", null, "FR", "44"), new Place("67000", "67482", null, "FR", "67"),
            new Place("97400", "97411", null, "FR", "974"), new Place("1000", null, "Bruxelles", "BE", "BRU"),
            new Place("4000", null, "Liège", "BE", "WLG"));
    static final List<String> FIRST_NAMES = List.of("Camille", "Dominique", "Claude", "Alix", "Sacha", "Morgan",
            "Charlie", "Lou", "Noa", "Eden", "Maxime", "Andréa");
    static final List<String> LAST_NAMES = List.of("Exemple", "Fictif", "Modèle", "Essai", "Maquette", "Prototype",
            "Brouillon", "Démonstration");
    static final String[] PROFESSIONS = {"psychologist", "family-mediator", "lawyer", "social-worker"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Tokens tokens;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DemoDirectory(URI base, Tokens tokens, Consumer<String> log) {
        this.base = base;
        this.tokens = tokens;
        this.log = log;
    }

    /** Seeds {@code count} providers unless the directory already lists some. */
    public int seedIfEmpty(int count) throws IOException, InterruptedException {
        HttpResponse<String> probe = send(HttpRequest.newBuilder(base.resolve("/api/providers?postalCode=75011&limit=1")).GET(), null);
        if (probe.statusCode() == 200 && JSON.readTree(probe.body()).path("total").asInt() > 0) {
            return 0;
        }
        String agent = tokens.token("agent", "Agent démo", null);
        Random random = new Random(2026);
        int created = 0;
        for (int i = 0; i < count; i++) {
            String name = "Démo " + FIRST_NAMES.get(i % FIRST_NAMES.size()) + " " + LAST_NAMES.get((i / FIRST_NAMES.size()) % LAST_NAMES.size());
            String account = "Prestataire démo " + (i + 1);
            HttpResponse<String> applied = send(HttpRequest.newBuilder(base.resolve("/api/providers/applications"))
                    .POST(HttpRequest.BodyPublishers.ofString(application(i, name, random).toString())),
                    tokens.token("provider", account, null));
            String id;
            if (applied.statusCode() == 201) {
                id = JSON.readTree(applied.body()).path("id").asText();
            } else if (applied.statusCode() == 409) {
                HttpResponse<String> own = send(HttpRequest.newBuilder(base.resolve("/api/providers/me")).GET(),
                        tokens.token("provider", account, null));
                JsonNode record = JSON.readTree(own.body());
                if (!"submitted".equals(record.path("status").asText())) {
                    continue;
                }
                id = record.path("id").asText();
            } else {
                throw new IllegalStateException("Demo application refused: " + applied.statusCode() + " " + applied.body());
            }
            HttpResponse<String> approved = send(HttpRequest.newBuilder(base.resolve("/api/back-office/providers/" + id + "/decisions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}")), agent);
            if (approved.statusCode() != 200) {
                throw new IllegalStateException("Demo approval refused: " + approved.statusCode() + " " + approved.body());
            }
            created++;
        }
        log.accept("demo directory: " + created + " fictitious approved providers");
        return created;
    }

    static ObjectNode application(int i, String name, Random random) {
        Place place = PLACES.get(i % PLACES.size());
        String profession = PROFESSIONS[i % PROFESSIONS.length];
        ObjectNode a = JSON.createObjectNode();
        a.put("displayName", name);
        a.put("profession", profession);
        ObjectNode credential = a.putObject("credential");
        boolean belgian = place.country().equals("BE");
        switch (profession) {
            case "psychologist" -> {
                credential.put("kind", belgian ? "COMPSY" : "RPPS");
                credential.put("number", belgian ? String.valueOf(900_000 + i) : rpps(String.format("19%08d", i)));
            }
            case "lawyer" -> {
                credential.put("kind", "BAR");
                credential.put("issuer", belgian ? "Barreau de " + place.locality() : "Barreau démo " + place.department());
                credential.put("number", "DEMO-" + i);
            }
            case "family-mediator" -> {
                credential.put("kind", belgian ? "CFM" : "DEMF");
                if (belgian) {
                    credential.put("number", "DEMO-" + i);
                } else {
                    credential.put("issuer", "Institut de formation démo");
                    credential.put("year", 2008 + i % 15);
                    credential.put("number", "DEMO-" + i);
                }
            }
            default -> {
                credential.put("kind", "DEASS");
                credential.put("issuer", "École de travail social démo");
                credential.put("year", 1995 + i % 28);
                credential.put("number", "DEMO-" + i);
            }
        }
        ObjectNode address = a.putObject("address");
        address.put("street", (1 + i % 90) + " rue de la Démonstration");
        address.put("postalCode", place.postalCode());
        if (place.communeCode() != null) {
            address.put("communeCode", place.communeCode());
        } else {
            address.put("locality", place.locality());
        }
        address.put("country", place.country());
        ObjectNode area = a.putObject("area");
        area.put("radiusKm", 5 + random.nextInt(30));
        if (i % 5 == 0) {
            area.putArray("departments").add(place.department());
        }
        a.putArray("languages").add(belgian ? (i % 2 == 0 ? "fr" : "nl") : "fr").add(i % 3 == 0 ? "en" : "es");
        a.put("remoteSessions", i % 3 != 0);
        a.put("wheelchairAccessible", i % 2 == 0);
        ObjectNode contact = a.putObject("contact");
        contact.put("phone", belgian ? "+32 2 000 00 " + String.format("%02d", i % 100) : "01 00 00 00 " + String.format("%02d", i % 100));
        contact.put("website", "https://demo.passerelle.invalid/" + i);
        contact.putArray("published").add("phone").add("website");
        ObjectNode bank = a.putObject("bankAccount");
        String country = belgian ? "BE" : "FR";
        bank.put("iban", iban(country, belgian ? String.format("%012d", 539_000_000_000L + i) : String.format("30006000%013d", 10_000L + i) + "00"));
        bank.put("bic", belgian ? "GEBABEBB" : "AGRIFRPP");
        ObjectNode charter = a.putObject("charter");
        charter.put("version", "2026-01");
        charter.put("accepted", true);
        return a;
    }

    /** An RPPS-shaped number: ten digits and their Luhn key. */
    static String rpps(String tenDigits) {
        for (int k = 0; k < 10; k++) {
            String candidate = tenDigits + k;
            int sum = 0;
            for (int j = 0; j < candidate.length(); j++) {
                int d = candidate.charAt(candidate.length() - 1 - j) - '0';
                if (j % 2 == 1) {
                    d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                }
                sum += d;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    /** An IBAN with correct ISO 7064 check digits for a national account part (digits only). */
    static String iban(String country, String bban) {
        String rearranged = bban + (country.charAt(0) - 'A' + 10) + (country.charAt(1) - 'A' + 10) + "00";
        int check = 98 - new BigInteger(rearranged).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format(Locale.ROOT, "%02d", check) + bban;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        request.header("content-type", "application/json").timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
