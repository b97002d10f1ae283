package eu.passerelle.functions.privacy;

import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.privacy.ParentData;
import eu.passerelle.questionnaire.Answers;
import eu.passerelle.vouchers.Voucher;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A parent downloads their data and erases their account. */
public final class ParentDataHandlers {

    record VoucherData(String id, String code, String service, String provider, String status, String issuedAt,
                       String expiresOn, String incomeTier, long coPaymentCents, long tariffCents, String department,
                       String postalCode) {
    }

    record Export(String subject, String exportedAt, List<VoucherData> vouchers, Map<String, Integer> sessionsUsed,
                  Answers questionnaire, String retention) {
    }

    private final Supplier<ParentData> data;

    public ParentDataHandlers(Supplier<ParentData> data) {
        this.data = data;
    }

    /** {@code GET /api/me/data}: everything held about the parent, as a JSON download. */
    public HttpResponse export(HttpRequest request) {
        ParentData.Export e = data.get().export(request.requireCaller());
        LocalDate today = LocalDate.now(eu.passerelle.evaluation.Evaluation.ZONE);
        List<VoucherData> vouchers = e.vouchers().stream().map(v -> view(v, today)).toList();
        return HttpResponse.ok(new Export(e.subject(), e.exportedAt().toString(), vouchers, e.sessionsUsed(),
                e.questionnaire().orElse(null), e.retention()))
                .withHeader("content-disposition", "attachment; filename=\"mes-donnees-passerelle.json\"").withNoStore();
    }

    private static VoucherData view(Voucher v, LocalDate today) {
        return new VoucherData(v.id(), v.code(), v.service().code(), v.providerName(), v.displayStatus(today),
                v.issuedAt().toString(), v.expiresOn().toString(), v.incomeTier(), v.coPaymentCents(), v.tariffCents(),
                v.department(), v.parentPostalCode());
    }

    /** {@code DELETE /api/me}: erases the parent's data; payment records stay, pseudonymous. */
    public HttpResponse erase(HttpRequest request) {
        return HttpResponse.ok(data.get().erase(request.requireCaller())).withNoStore();
    }
}
