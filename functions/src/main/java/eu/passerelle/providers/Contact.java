package eu.passerelle.providers;

import java.util.Set;

/**
 * How parents reach a provider, and which of it the provider chose to publish in the directory.
 *
 * @param published among {@code phone}, {@code email}, {@code website}, {@code street}
 */
public record Contact(String phone, String email, String website, Set<String> published) {

    public static final Set<String> PUBLISHABLE = Set.of("phone", "email", "website", "street");

    public Contact {
        published = Set.copyOf(published);
    }

    public boolean publishes(String field) {
        return published.contains(field);
    }
}
