package eu.passerelle.functions.providers;

import eu.passerelle.providers.Provider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The benchmarks' window on {@link DynamoProviderStore}'s record mapping (package-private there),
 * to load 10,000 provider records in batches: exactly the items the store writes and reads.
 */
public final class ProviderItems {

    private ProviderItems() {
    }

    public static Map<String, AttributeValue> item(Provider provider) {
        return DynamoProviderStore.item(provider);
    }
}
