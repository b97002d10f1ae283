package eu.passerelle.functions.reimbursement;

import eu.passerelle.functions.reimbursement.sepa.pain001.AccountIdentification4Choice;
import eu.passerelle.functions.reimbursement.sepa.pain001.ActiveOrHistoricCurrencyAndAmount;
import eu.passerelle.functions.reimbursement.sepa.pain001.AmountType4Choice;
import eu.passerelle.functions.reimbursement.sepa.pain001.BranchAndFinancialInstitutionIdentification6;
import eu.passerelle.functions.reimbursement.sepa.pain001.CashAccount38;
import eu.passerelle.functions.reimbursement.sepa.pain001.ChargeBearerType1Code;
import eu.passerelle.functions.reimbursement.sepa.pain001.CreditTransferTransaction34;
import eu.passerelle.functions.reimbursement.sepa.pain001.CustomerCreditTransferInitiationV09;
import eu.passerelle.functions.reimbursement.sepa.pain001.DateAndDateTime2Choice;
import eu.passerelle.functions.reimbursement.sepa.pain001.DocumentEPC132082023V10SCTC2PSP;
import eu.passerelle.functions.reimbursement.sepa.pain001.FinancialInstitutionIdentification18;
import eu.passerelle.functions.reimbursement.sepa.pain001.GroupHeader85;
import eu.passerelle.functions.reimbursement.sepa.pain001.ObjectFactory;
import eu.passerelle.functions.reimbursement.sepa.pain001.PartyIdentification135;
import eu.passerelle.functions.reimbursement.sepa.pain001.PaymentIdentification6;
import eu.passerelle.functions.reimbursement.sepa.pain001.PaymentInstruction30;
import eu.passerelle.functions.reimbursement.sepa.pain001.PaymentMethod3Code;
import eu.passerelle.functions.reimbursement.sepa.pain001.PaymentTypeInformation26;
import eu.passerelle.functions.reimbursement.sepa.pain001.RemittanceInformation16;
import eu.passerelle.functions.reimbursement.sepa.pain001.ServiceLevel8Choice;
import eu.passerelle.reimbursement.PaymentFiles;
import eu.passerelle.reimbursement.Transfer;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SEPA credit-transfer file (ISO 20022 pain.001.001.09, EPC customer-to-bank rules), built
 * on the JAXB model generated from the EPC's XSD and validated against that XSD as it is written:
 * a file the bank would refuse is never stored. One payment instruction from the programme's
 * account, one transfer per provider, the statement reference as end-to-end id and remittance.
 */
public final class SepaPaymentFiles implements PaymentFiles {

    /** The programme's own account: the debtor of every transfer. */
    public record Debtor(String name, String iban, String bic) {
    }

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final JAXBContext CONTEXT;
    private static final Schema SCHEMA;

    static {
        try {
            // The package-and-loader form: Lambda's isolated class loader, not the thread's, finds the runtime.
            CONTEXT = JAXBContext.newInstance(ObjectFactory.class.getPackageName(), ObjectFactory.class.getClassLoader());
            SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            SCHEMA = schemas.newSchema(SepaPaymentFiles.class.getResource("/sepa/pain.001.001.09.xsd"));
        } catch (JAXBException | org.xml.sax.SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Debtor debtor;

    public SepaPaymentFiles(Debtor debtor) {
        this.debtor = debtor;
    }

    @Override
    public String build(String messageId, Instant createdAt, List<Transfer> transfers, long controlSumCents) {
        long sum = transfers.stream().mapToLong(Transfer::amountCents).sum();
        if (sum != controlSumCents) {
            throw new IllegalStateException("Transfers add up to " + sum + " cents, the control sum is " + controlSumCents);
        }
        GroupHeader85 header = new GroupHeader85();
        header.setMsgId(messageId);
        header.setCreDtTm(dateTime(createdAt));
        header.setNbOfTxs(Integer.toString(transfers.size()));
        header.setCtrlSum(euros(controlSumCents));
        header.setInitgPty(party(debtor.name()));

        PaymentInstruction30 payment = new PaymentInstruction30();
        payment.setPmtInfId(messageId);
        payment.setPmtMtd(PaymentMethod3Code.TRF);
        payment.setBtchBookg(false);
        payment.setNbOfTxs(Integer.toString(transfers.size()));
        payment.setCtrlSum(euros(controlSumCents));
        PaymentTypeInformation26 type = new PaymentTypeInformation26();
        ServiceLevel8Choice sepa = new ServiceLevel8Choice();
        sepa.setCd("SEPA");
        type.setSvcLvl(sepa);
        payment.setPmtTpInf(type);
        DateAndDateTime2Choice execution = new DateAndDateTime2Choice();
        execution.setDt(date(LocalDate.ofInstant(createdAt, PARIS).plusDays(1)));
        payment.setReqdExctnDt(execution);
        payment.setDbtr(party(debtor.name()));
        payment.setDbtrAcct(account(debtor.iban()));
        payment.setDbtrAgt(agent(debtor.bic()));
        payment.setChrgBr(ChargeBearerType1Code.SLEV);
        for (Transfer t : transfers) {
            CreditTransferTransaction34 tx = new CreditTransferTransaction34();
            PaymentIdentification6 id = new PaymentIdentification6();
            id.setEndToEndId(t.reference());
            tx.setPmtId(id);
            AmountType4Choice amount = new AmountType4Choice();
            ActiveOrHistoricCurrencyAndAmount eur = new ActiveOrHistoricCurrencyAndAmount();
            eur.setCcy("EUR");
            eur.setValue(euros(t.amountCents()));
            amount.setInstdAmt(eur);
            tx.setAmt(amount);
            if (t.payee().bic() != null && !t.payee().bic().isBlank()) {
                tx.setCdtrAgt(agent(t.payee().bic()));
            }
            tx.setCdtr(party(t.payee().name()));
            tx.setCdtrAcct(account(t.payee().iban()));
            RemittanceInformation16 remittance = new RemittanceInformation16();
            remittance.setUstrd("Passerelle releve " + t.reference());
            tx.setRmtInf(remittance);
            payment.getCdtTrfTxInf().add(tx);
        }
        CustomerCreditTransferInitiationV09 initiation = new CustomerCreditTransferInitiationV09();
        initiation.setGrpHdr(header);
        initiation.getPmtInf().add(payment);
        DocumentEPC132082023V10SCTC2PSP document = new DocumentEPC132082023V10SCTC2PSP();
        document.setCstmrCdtTrfInitn(initiation);
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            marshaller.setSchema(SCHEMA);
            StringWriter out = new StringWriter();
            marshaller.marshal(new ObjectFactory().createDocument(document), out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("The payment file does not validate against pain.001.001.09", e);
        }
    }

    private static PartyIdentification135 party(String name) {
        PartyIdentification135 party = new PartyIdentification135();
        party.setNm(sepaText(name, 70));
        return party;
    }

    private static CashAccount38 account(String iban) {
        CashAccount38 account = new CashAccount38();
        AccountIdentification4Choice id = new AccountIdentification4Choice();
        id.setIBAN(iban.replace(" ", "").toUpperCase(java.util.Locale.ROOT));
        account.setId(id);
        return account;
    }

    private static BranchAndFinancialInstitutionIdentification6 agent(String bic) {
        BranchAndFinancialInstitutionIdentification6 agent = new BranchAndFinancialInstitutionIdentification6();
        FinancialInstitutionIdentification18 institution = new FinancialInstitutionIdentification18();
        institution.setBICFI(bic.strip().toUpperCase(java.util.Locale.ROOT));
        agent.setFinInstnId(institution);
        return agent;
    }

    /** The SEPA character set is Latin letters, digits and a few signs: accents are dropped, the rest becomes a space. */
    static String sepaText(String text, int max) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9/\\-?:().,'+ ]", " ").replaceAll("\\s+", " ").strip();
        if (plain.isEmpty()) {
            plain = "Prestataire";
        }
        return plain.length() > max ? plain.substring(0, max).strip() : plain;
    }

    private static BigDecimal euros(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static XMLGregorianCalendar dateTime(Instant at) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").format(at.atOffset(ZoneOffset.UTC)));
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static XMLGregorianCalendar date(LocalDate day) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendarDate(day.getYear(), day.getMonthValue(),
                    day.getDayOfMonth(), DatatypeConstants.FIELD_UNDEFINED);
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
