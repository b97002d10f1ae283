package eu.passerelle.local.provisioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.template.Deployment;
import eu.passerelle.local.template.QueueDef;
import eu.passerelle.local.template.TableDef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the tables and queues of a template, or brings existing ones up to it: missing global
 * indexes are added and queue attributes set. A table whose primary key changed cannot be
 * migrated in place, and is reported rather than dropped.
 */
public final class ResourceProvisioner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deployment deployment;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;

    public ResourceProvisioner(Deployment deployment, DynamoDbClient dynamoDb, SqsClient sqs) {
        this.deployment = deployment;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
    }

    /** @return one line per resource saying what was done */
    public List<String> provision() {
        List<String> report = new ArrayList<>(provisionTables());
        report.addAll(provisionQueues());
        return report;
    }

    public List<String> provisionTables() {
        List<String> report = new ArrayList<>();
        for (TableDef table : deployment.template().tables()) {
            report.add(provisionTable(table));
        }
        return report;
    }

    public List<String> provisionQueues() {
        List<String> report = new ArrayList<>();
        for (QueueDef queue : queuesDeadLettersFirst()) {
            report.add(provisionQueue(queue));
        }
        return report;
    }

    String provisionTable(TableDef table) {
        String name = deployment.tableName(table);
        TableDescription existing;
        try {
            existing = dynamoDb.describeTable(r -> r.tableName(name)).table();
        } catch (ResourceNotFoundException absent) {
            existing = null;
        }
        if (existing == null) {
            dynamoDb.createTable(createRequest(table, name));
            if (table.timeToLiveAttribute() != null) {
                dynamoDb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                        TimeToLiveSpecification.builder().enabled(true).attributeName(table.timeToLiveAttribute()).build()));
            }
            return "created table " + name;
        }
        TableDef.KeySchema actualKey = keyOf(existing.keySchema());
        if (!actualKey.equals(table.key())) {
            throw new IllegalStateException("Table " + name + " has key " + actualKey + " but template.yaml says "
                    + table.key() + ": start once with --reset to recreate the local data");
        }
        Set<String> present = existing.globalSecondaryIndexes() == null ? Set.of()
                : existing.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        List<String> added = new ArrayList<>();
        for (TableDef.Index index : table.globalIndexes()) {
            if (!present.contains(index.name())) {
                dynamoDb.updateTable(r -> r.tableName(name)
                        .attributeDefinitions(attributeDefinitions(table))
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                                .create(CreateGlobalSecondaryIndexAction.builder()
                                        .indexName(index.name()).keySchema(keySchema(index.key()))
                                        .projection(projection(index)).build()).build()));
                added.add(index.name());
            }
        }
        return added.isEmpty() ? "table " + name + " is up to date" : "added indexes " + added + " to table " + name;
    }

    private CreateTableRequest createRequest(TableDef table, String name) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributeDefinitions(table))
                .keySchema(keySchema(table.key()));
        if (!table.globalIndexes().isEmpty()) {
            request.globalSecondaryIndexes(table.globalIndexes().stream().map(i -> GlobalSecondaryIndex.builder()
                    .indexName(i.name()).keySchema(keySchema(i.key())).projection(projection(i)).build()).toList());
        }
        if (!table.localIndexes().isEmpty()) {
            request.localSecondaryIndexes(table.localIndexes().stream().map(i -> LocalSecondaryIndex.builder()
                    .indexName(i.name()).keySchema(keySchema(i.key())).projection(projection(i)).build()).toList());
        }
        if (table.streamViewType() != null) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(table.streamViewType()).build());
        }
        return request.build();
    }

    private static List<AttributeDefinition> attributeDefinitions(TableDef table) {
        return table.attributeTypes().entrySet().stream()
                .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                .toList();
    }

    private static List<KeySchemaElement> keySchema(TableDef.KeySchema key) {
        List<KeySchemaElement> elements = new ArrayList<>();
        elements.add(KeySchemaElement.builder().attributeName(key.partitionKey()).keyType(KeyType.HASH).build());
        if (key.sortKey() != null) {
            elements.add(KeySchemaElement.builder().attributeName(key.sortKey()).keyType(KeyType.RANGE).build());
        }
        return elements;
    }

    private static Projection projection(TableDef.Index index) {
        Projection.Builder p = Projection.builder().projectionType(index.projection());
        if (!index.nonKeyAttributes().isEmpty()) {
            p.nonKeyAttributes(index.nonKeyAttributes());
        }
        return p.build();
    }

    private static TableDef.KeySchema keyOf(List<KeySchemaElement> elements) {
        String hash = null;
        String range = null;
        for (KeySchemaElement e : elements) {
            if (e.keyType() == KeyType.HASH) {
                hash = e.attributeName();
            } else {
                range = e.attributeName();
            }
        }
        return new TableDef.KeySchema(hash, range);
    }

    /** A redrive policy names its dead-letter queue by ARN, so that queue must exist first. */
    private List<QueueDef> queuesDeadLettersFirst() {
        List<QueueDef> queues = new ArrayList<>(deployment.template().queues());
        Set<String> deadLetters = queues.stream().map(deployment::deadLetterQueue)
                .flatMap(java.util.Optional::stream).map(QueueDef::logicalId).collect(Collectors.toSet());
        queues.sort(Comparator.comparing((QueueDef q) -> !deadLetters.contains(q.logicalId())));
        return queues;
    }

    String provisionQueue(QueueDef queue) {
        String name = deployment.queueName(queue);
        Map<QueueAttributeName, String> attributes = queueAttributes(queue);
        String existingUrl;
        try {
            existingUrl = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException absent) {
            existingUrl = null;
        }
        if (existingUrl == null) {
            sqs.createQueue(r -> r.queueName(name).attributes(attributes));
            return "created queue " + name;
        }
        // FifoQueue cannot change once created (nor, in ElasticMQ, content-based deduplication);
        // everything else is brought up to the template.
        Map<QueueAttributeName, String> mutable = new EnumMap<>(attributes);
        mutable.remove(QueueAttributeName.FIFO_QUEUE);
        mutable.remove(QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
        String url = existingUrl;
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(mutable));
        return "queue " + name + " is up to date";
    }

    private Map<QueueAttributeName, String> queueAttributes(QueueDef declared) {
        QueueDef queue = deployment.resolved(declared);
        Map<QueueAttributeName, String> a = new LinkedHashMap<>();
        if (queue.fifo()) {
            a.put(QueueAttributeName.FIFO_QUEUE, "true");
            if (queue.contentBasedDeduplication()) {
                a.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
            }
        }
        a.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(queue.visibilityTimeoutSeconds()));
        a.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(queue.messageRetentionSeconds()));
        a.put(QueueAttributeName.DELAY_SECONDS, String.valueOf(queue.delaySeconds()));
        a.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, String.valueOf(queue.receiveMessageWaitSeconds()));
        deployment.deadLetterQueue(queue).ifPresent(dlq -> {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("deadLetterTargetArn", deployment.queueArn(dlq));
            policy.put("maxReceiveCount", queue.maxReceiveCount());
            try {
                a.put(QueueAttributeName.REDRIVE_POLICY, JSON.writeValueAsString(policy));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return a;
    }
}
