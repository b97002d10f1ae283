package eu.passerelle.functions.evaluation;

import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.evaluation.Evaluation;
import eu.passerelle.functions.redemption.RedemptionTallies;
import eu.passerelle.providers.Provider;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.VoucherFacts;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Counts a redemption for the coordination (in the voucher's department, with the distance from
 * the parent's postal area to the provider's practice) and for the signals (the provider's month
 * and day rows).
 */
public final class RedemptionMetrics implements RedemptionTallies {

    private final String table;
    private final Function<String, Optional<Provider>> providers;
    private final Supplier<PostalCodeDirectory> postalCodes;

    public RedemptionMetrics(String table, Function<String, Optional<Provider>> providers,
                             Supplier<PostalCodeDirectory> postalCodes) {
        this.table = table;
        this.providers = providers;
        this.postalCodes = postalCodes;
    }

    @Override
    public List<TransactWriteItem> writes(Redemption r, VoucherFacts v, int sign) {
        Optional<Provider> provider = providers.apply(r.providerId());
        Double distance = distance(v.parentPostalCode(), provider.map(p -> p.application().address().location()).orElse(null));
        var tallies = Evaluation.redeemed(v.department(), r.service(), r.sessionDate(),
                Evaluation.owed(v.tariffCents(), v.coPaymentCents()), distance);
        List<TransactWriteItem> writes = new ArrayList<>(MetricsItems.writes(table,
                sign > 0 ? tallies : Evaluation.negate(tallies), r.voucherId()));
        writes.addAll(MetricsItems.providerSession(table, r.providerId(),
                provider.map(p -> p.application().address().areaCode()).orElse(null), r.service(), r.sessionDate(),
                r.sessionDate().equals(v.expiresOn()), sign));
        return writes;
    }

    Double distance(String parentPostalCode, GeoPoint practice) {
        if (parentPostalCode == null || practice == null) {
            return null;
        }
        Country country = parentPostalCode.length() == 4 ? Country.BE : Country.FR;
        return postalCodes.get().find(country, parentPostalCode).map(PostalArea::location)
                .map(parent -> parent.distanceKm(practice)).orElse(null);
    }
}
