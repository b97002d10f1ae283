package eu.passerelle.functions.vouchers;

import eu.passerelle.Rejection;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.functions.http.JsonBodies;
import eu.passerelle.identity.Caller;
import eu.passerelle.vouchers.MintRequest;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.RuleBook;
import eu.passerelle.vouchers.RuleDraft;
import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Voucher;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Parents' vouchers, providers' checks, the public keys and the programme's rules. */
public final class VoucherHandlers {


    /** The body of a verification. */
    public record CodeForm(String code) {
    }

    private final Supplier<VoucherService> vouchers;
    private final Supplier<VoucherTokens> tokens;
    private final Supplier<ProgrammeRules> rules;

    public VoucherHandlers(Supplier<VoucherService> vouchers, Supplier<VoucherTokens> tokens, Supplier<ProgrammeRules> rules) {
        this.vouchers = vouchers;
        this.tokens = tokens;
        this.rules = rules;
    }

    /** {@code POST /api/vouchers} */
    public HttpResponse mint(HttpRequest request) {
        MintRequest form = JsonBodies.read(request, MintRequest.class);
        Caller parent = request.requireCaller();
        List<Voucher> minted = vouchers.get().mint(parent, form);
        LocalDate today = vouchers.get().today();
        return HttpResponse.json(201, new VoucherViews.Minted(minted.stream().map(v -> VoucherViews.of(v, today, false)).toList(),
                vouchers.get().remaining(parent, minted.get(0).service()))).withHeader("location", "/api/vouchers");
    }

    /** {@code GET /api/vouchers} */
    public HttpResponse wallet(HttpRequest request) {
        Caller parent = request.requireCaller();
        LocalDate today = vouchers.get().today();
        Map<String, Integer> remaining = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            remaining.put(s.code(), vouchers.get().remaining(parent, s));
        }
        return HttpResponse.ok(new VoucherViews.Wallet(vouchers.get().wallet(parent).stream()
                .map(v -> VoucherViews.of(v, today, false)).toList(), remaining));
    }

    /** {@code GET /api/vouchers/{id}}: with its QR code, for the printable page. */
    public HttpResponse one(HttpRequest request) {
        Voucher v = vouchers.get().own(request.requireCaller(), request.pathParameter("id"));
        return HttpResponse.ok(VoucherViews.of(v, vouchers.get().today(), true));
    }

    /** {@code POST /api/vouchers/{id}/return} */
    public HttpResponse giveBack(HttpRequest request) {
        Voucher v = vouchers.get().giveBack(request.requireCaller(), request.pathParameter("id"));
        return HttpResponse.ok(VoucherViews.of(v, vouchers.get().today(), false));
    }

    /** {@code POST /api/vouchers/verify} */
    public HttpResponse verify(HttpRequest request) {
        CodeForm form = JsonBodies.read(request, CodeForm.class);
        if (form.code() == null || form.code().isBlank()) {
            throw new Rejection(Rejection.Kind.INVALID, "missing-code", "Code manquant", "Saisissez ou scannez le code du bon.",
                    List.of(new Rejection.Pointer(Rejection.Pointer.Location.BODY, "#/code", "Code manquant.")));
        }
        return HttpResponse.ok(vouchers.get().verify(request.requireCaller(), form.code()));
    }

    /** {@code GET /api/keys}: the public keys of QR tokens (JWKS), for providers' software. */
    public HttpResponse keys(HttpRequest request) {
        return HttpResponse.ok(tokens.get().publicKeys()).cacheablePublicly(300);
    }

    /** {@code GET /api/programme/rules}: the rules in force and those announced. */
    public HttpResponse rules(HttpRequest request) {
        RuleBook book = rules.get().ruleBook();
        LocalDate today = rules.get().today();
        return HttpResponse.ok(new VoucherViews.RuleBookView(
                book.inForceOn(today).map(VoucherViews.Rules::of).orElse(null),
                book.versions().stream().filter(v -> v.validFrom().isAfter(today)).map(VoucherViews.Rules::of).toList(),
                null));
    }

    /** {@code GET /api/back-office/rules}: every version. */
    public HttpResponse allRules(HttpRequest request) {
        RuleBook book = rules.get().ruleBook();
        LocalDate today = rules.get().today();
        return HttpResponse.ok(new VoucherViews.RuleBookView(
                book.inForceOn(today).map(VoucherViews.Rules::of).orElse(null),
                book.versions().stream().filter(v -> v.validFrom().isAfter(today)).map(VoucherViews.Rules::of).toList(),
                book.versions().stream().map(VoucherViews.Rules::of).toList()));
    }

    /** {@code POST /api/back-office/rules}: a new version, starting after today. */
    public HttpResponse publish(HttpRequest request) {
        RuleDraft draft = JsonBodies.read(request, RuleDraft.class);
        return HttpResponse.json(201, VoucherViews.Rules.of(rules.get().publish(request.requireCaller(), draft)));
    }
}
