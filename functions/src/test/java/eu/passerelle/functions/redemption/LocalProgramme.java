package eu.passerelle.functions.redemption;

import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.support.LocalTables;
import eu.passerelle.functions.vouchers.DynamoRuleStore;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import eu.passerelle.vouchers.ProgrammeRules;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherService;
import eu.passerelle.vouchers.VoucherTokens;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/** What the redemption tests set up alike on the local tables: an approved psychologist, the rules, the voucher service. */
final class LocalProgramme {

    private LocalProgramme() {
    }

    /** A psychologist in 75018 (RPPS {@code rpps}) who applied from a new account, approved by an agent. */
    static Provider approvedPsychologist(ProviderService providerService, String rpps) {
        Caller account = new Caller(UUID.randomUUID().toString(), Set.of(Role.PROVIDER), null);
        Provider applied = providerService.apply(account, Forms.psychologistIn75018(rpps));
        return providerService.decide(new Caller("agent", Set.of(Role.AGENT), null), applied.id(), Decision.APPROVE, null);
    }

    static ProgrammeRules rules(LocalTables tables) {
        return new ProgrammeRules(new DynamoRuleStore(tables.client(), tables.table(PasserelleFunctions.PROGRAMME_TABLE)),
                Clock.systemUTC());
    }

    static VoucherService vouchers(DynamoVoucherStore store, ProgrammeRules rules, DynamoProviderStore providers, VoucherKeys keys) {
        return new VoucherService(store, () -> rules, providers, () -> new VoucherCodes(keys), () -> new VoucherTokens(keys),
                Clock.systemUTC());
    }
}
