package eu.passerelle.functions.evaluation;

import eu.passerelle.directory.GeoPoint;
import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.redemption.RedemptionTallies;
import eu.passerelle.providers.Provider;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.VoucherFacts;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Counts a redemption for the coordination (in the voucher's department, with the distance from
 * the parent's postal area to the provider's practice) and for the signals (the provider's month
 * and day rows).
 */
public final class RedemptionMetrics implements RedemptionTallies {

    private final String table;
    private final Function<String, Optional<Provider>> providers;

    public RedemptionMetrics(String table, Function<String, Optional<Provider>> providers) {
        this.table = table;
        this.providers = providers;
    }

    @Override
    public List<TransactWriteItem> writes(Redemption r, VoucherFacts v, int sign) {
        Optional<Provider> provider = providers.apply(r.providerId());
        GeoPoint practice = provider.map(p -> p.application().address().location()).orElse(null);
        // From the parent's postal area (stored on the voucher at minting) to the practice's commune.
        Double distance = v.parentLocation() == null || practice == null ? null : v.parentLocation().distanceKm(practice);
        var tallies = Evaluation.redeemed(v.department(), r.service(), r.sessionDate(),
                Evaluation.owed(v.tariffCents(), v.coPaymentCents()), distance);
        CounterUpdates counters = new CounterUpdates().tallies(table, sign > 0 ? tallies : Evaluation.negate(tallies),
                r.voucherId());
        if (sign > 0 && v.expiredCounted()) {
            // A session held by the voucher's last day, declared after the expiry job counted it
            // unused: the voucher was used, not expired.
            counters.tallies(table, Evaluation.negate(Evaluation.expired(v.department(), r.service(), v.expiresOn(),
                    Evaluation.owed(v.tariffCents(), v.coPaymentCents()))), r.voucherId());
        }
        MetricsItems.providerSession(counters, table, r.providerId(),
                provider.map(p -> p.application().address().areaCode()).orElse(null), r.service(), r.sessionDate(),
                r.sessionDate().equals(v.expiresOn()), sign);
        return counters.writes();
    }
}
