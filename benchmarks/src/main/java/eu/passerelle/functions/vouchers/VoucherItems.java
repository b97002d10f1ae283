package eu.passerelle.functions.vouchers;

import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.Voucher;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The benchmarks' window on {@link DynamoVoucherStore}'s item mapping (package-private there):
 * the raw-write baseline writes exactly the items the store writes, not a look-alike.
 */
public final class VoucherItems {

    private VoucherItems() {
    }

    public static Map<String, AttributeValue> item(Voucher voucher) {
        return DynamoVoucherStore.item(voucher);
    }

    public static Map<String, AttributeValue> quotaKey(String parentId, Service service) {
        return DynamoVoucherStore.quotaKey(parentId, service);
    }

    public static Map<String, AttributeValue> voucherKey(String voucherId) {
        return DynamoVoucherStore.voucherKey(voucherId);
    }
}
