package eu.passerelle.functions.providers;

import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.providers.Application;
import eu.passerelle.providers.AuditEntry;
import eu.passerelle.providers.BankAccount;
import eu.passerelle.providers.BankDetails;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderDirectory;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of provider records: what the provider, an agent and the public each see. */
final class ProviderViews {

    private ProviderViews() {
    }

    record Position(double latitude, double longitude) {
        static Position of(GeoPoint p) {
            return new Position(Math.round(p.latitude() * 1e5) / 1e5, Math.round(p.longitude() * 1e5) / 1e5);
        }
    }

    record Service(String code, String label) {
    }

    record Credential(String kind, String number, String issuer, Integer year) {
    }

    record Address(String street, String postalCode, String communeCode, String locality, String country,
                   String department, Position location) {
    }

    record Area(int radiusKm, List<String> departments) {
    }

    record Contact(String phone, String email, String website, List<String> published) {
    }

    record Bank(String iban, String bic) {
    }

    /**
     * The whole record, for its provider (IBAN masked) or an agent (IBAN in full, to pay it).
     * {@code bankAccount} is the account declared last; {@code bankDetails} says which one is paid.
     */
    record Record(String id, String status, String reason, Instant submittedAt, Instant decidedAt, String displayName,
                  Service service, Credential credential, Address address, Area area, List<String> languages,
                  boolean remoteSessions, boolean wheelchairAccessible, Contact contact, Bank bankAccount,
                  String charterVersion, Instant charterAcceptedAt, long version, BankDetailsView bankDetails) {
    }

    /** The account paid (last reviewed), a change waiting for an agent, the last change refused. Agents' ids for agents only. */
    record BankDetailsView(Reviewed reviewed, Pending pending, Refused lastRejection, boolean payable, String holdReason) {
    }

    record Reviewed(String iban, String bic, String holder, Instant reviewedAt, String reviewedBy) {
    }

    record Pending(String iban, String bic, Instant requestedAt, String requestedBy, boolean previousAccountClosed) {
    }

    record Refused(String iban, String bic, Instant decidedAt, String decidedBy, String reason, boolean previousAccountClosed) {
    }

    /** A line of the agents' queue of bank changes: masked (the record page shows them in full, side by side). */
    record BankChange(String id, String displayName, String status, String service, Bank current, Bank requested,
                      Instant requestedAt, boolean previousAccountClosed, long version) {
    }

    record BankChanges(List<BankChange> items, String nextCursor) {
    }

    record Audit(Instant at, String actor, String actorRole, String action, Map<String, String> before,
                 Map<String, String> after, String reason) {
    }

    record AgentRecord(Record provider, List<Audit> audit) {
    }

    /** What the directory shows: only what the provider chose to publish. */
    record Listing(String id, String displayName, Service service, String country, String postalCode, String locality,
                   String department, String departmentCode, String street, Position location, Double distanceKm, Area area,
                   List<String> languages, boolean remoteSessions, boolean wheelchairAccessible, String phone,
                   String email, String website) {
    }

    record Queue(List<Record> items, String nextCursor) {
    }

    record SearchResults(String postalCode, String country, String service, Double radiusKm, int total, int limit,
                         int offset, List<Listing> providers) {
    }

    static Record record(Provider p, boolean fullIban, PostalCodeDirectory postalCodes) {
        Application a = p.application();
        return new Record(p.id(), p.status().name().toLowerCase(Locale.ROOT), p.reason(), p.submittedAt(), p.decidedAt(),
                a.displayName(), service(a), new Credential(a.credential().kind(), a.credential().number(),
                a.credential().issuer(), a.credential().year()),
                new Address(a.address().street(), a.address().postalCode(), a.address().communeCode(), a.address().commune(),
                        a.address().country().name(), department(a, postalCodes), Position.of(a.address().location())),
                new Area(a.area().radiusKm(), a.area().departments()), a.languages(), a.remoteSessions(),
                a.wheelchairAccessible(), new Contact(a.contact().phone(), a.contact().email(), a.contact().website(),
                a.contact().published().stream().sorted().toList()),
                new Bank(fullIban ? a.bankAccount().iban() : a.bankAccount().masked(), a.bankAccount().bic()),
                a.charterVersion(), a.charterAcceptedAt(), p.version(), bankDetails(p.bank(), fullIban));
    }

    /** @param agent full IBANs and who did what (agents review); masked and anonymous for the provider */
    static BankDetailsView bankDetails(BankDetails b, boolean agent) {
        var r = b.reviewed();
        var c = b.pending();
        var j = b.lastRejection();
        return new BankDetailsView(
                r == null ? null : new Reviewed(iban(r.account(), agent), r.account().bic(), r.holder(), r.reviewedAt(),
                        agent ? r.reviewedBy() : null),
                c == null ? null : new Pending(iban(c.account(), agent), c.account().bic(), c.requestedAt(),
                        agent ? c.requestedBy() : null, c.previousAccountClosed()),
                j == null ? null : new Refused(iban(j.account(), agent), j.account().bic(), j.decidedAt(),
                        agent ? j.decidedBy() : null, j.reason(), j.previousAccountClosed()),
                b.payable().isPresent(), b.holdReason().orElse(null));
    }

    private static String iban(BankAccount account, boolean full) {
        return full ? account.iban() : account.masked();
    }

    static BankChange bankChange(Provider p) {
        BankDetails b = p.bank();
        return new BankChange(p.id(), p.application().displayName(), p.status().name().toLowerCase(Locale.ROOT),
                p.application().profession().label(),
                new Bank(b.reviewed().account().masked(), b.reviewed().account().bic()),
                new Bank(b.pending().account().masked(), b.pending().account().bic()),
                b.pending().requestedAt(), b.pending().previousAccountClosed(), p.version());
    }

    static Audit audit(AuditEntry e) {
        return new Audit(e.at(), e.actor(), e.actorRole(), e.action(), e.before(), e.after(), e.reason());
    }

    static Listing listing(Provider p, Double distanceKm, PostalCodeDirectory postalCodes) {
        Application a = p.application();
        var c = a.contact();
        return new Listing(p.id(), a.displayName(), service(a), a.address().country().name(), a.address().postalCode(),
                a.address().commune(), department(a, postalCodes), a.address().areaCode(),
                c.publishes("street") ? a.address().street() : null,
                Position.of(a.address().location()), distanceKm == null ? null : Math.round(distanceKm * 10) / 10.0,
                new Area(a.area().radiusKm(), a.area().departments()), a.languages(), a.remoteSessions(),
                a.wheelchairAccessible(), c.publishes("phone") ? c.phone() : null, c.publishes("email") ? c.email() : null,
                c.publishes("website") ? c.website() : null);
    }

    static Listing listing(ProviderDirectory.Match m, PostalCodeDirectory postalCodes) {
        return listing(m.provider(), m.distanceKm(), postalCodes);
    }

    private static Service service(Application a) {
        return new Service(a.profession().code(), a.profession().label());
    }

    private static String department(Application a, PostalCodeDirectory postalCodes) {
        Country country = a.address().country();
        return postalCodes.areaName(country, a.address().areaCode()).map(n -> n + " (" + a.address().areaCode() + ")")
                .orElse(a.address().areaCode());
    }
}
