package eu.passerelle.providers;

/**
 * The providers' charter. Its text is shown by the application page (web/); an application
 * must accept the current version, which is stored with the time it was accepted.
 */
public final class Charter {

    public static final String CURRENT_VERSION = "2026-01";

    private Charter() {
    }
}
