package eu.passerelle.functions.redemption;

import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.VoucherFacts;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;

/**
 * The counter updates that go in the transaction applying (sign 1) or cancelling (sign -1) a
 * redemption: the voucher's conditional transition guards them, so a redelivered message or a
 * retried transaction never counts twice.
 */
@FunctionalInterface
public interface RedemptionTallies {

    List<TransactWriteItem> writes(Redemption redemption, VoucherFacts voucher, int sign);

    RedemptionTallies NONE = (r, v, sign) -> List.of();
}
