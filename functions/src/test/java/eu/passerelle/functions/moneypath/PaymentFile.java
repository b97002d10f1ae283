package eu.passerelle.functions.moneypath;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pain.001 file says, read back from its XML alone (not from the model that wrote it):
 * the group header's count and control sum, and each credit transfer.
 */
record PaymentFile(String messageId, int numberOfTransactions, long controlSumCents, List<Transfer> transfers) {

    record Transfer(String endToEndId, long amountCents, String creditorName, String iban) {
    }

    static PaymentFile parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element header = first(doc.getDocumentElement(), "GrpHdr");
            List<Transfer> transfers = new ArrayList<>();
            NodeList txs = doc.getElementsByTagNameNS("*", "CdtTrfTxInf");
            for (int i = 0; i < txs.getLength(); i++) {
                Element tx = (Element) txs.item(i);
                transfers.add(new Transfer(text(tx, "EndToEndId"), cents(text(tx, "InstdAmt")),
                        text(first(tx, "Cdtr"), "Nm"), text(first(tx, "CdtrAcct"), "IBAN")));
            }
            return new PaymentFile(text(header, "MsgId"), Integer.parseInt(text(header, "NbOfTxs")),
                    cents(text(header, "CtrlSum")), transfers);
        } catch (Exception e) {
            throw new AssertionError("The payment file is not readable XML: " + e.getMessage(), e);
        }
    }

    private static Element first(Element in, String name) {
        NodeList found = in.getElementsByTagNameNS("*", name);
        if (found.getLength() == 0) {
            throw new AssertionError("No <" + name + "> in the payment file");
        }
        return (Element) found.item(0);
    }

    private static String text(Element in, String name) {
        return first(in, name).getTextContent().strip();
    }

    private static long cents(String amount) {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }
}
