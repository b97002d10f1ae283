package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.Set;

/** Dispatches {@code DynamoDB_20120810.<Operation>} to the operations. */
final class Operations {

    /** Operations of the API this engine answers with a ValidationException rather than pretend. */
    static final Set<String> UNSUPPORTED = Set.of("ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction",
            "CreateBackup", "DeleteBackup", "DescribeBackup", "ListBackups", "RestoreTableFromBackup", "RestoreTableToPointInTime",
            "DescribeContinuousBackups", "UpdateContinuousBackups", "CreateGlobalTable", "UpdateGlobalTable", "DescribeGlobalTable",
            "ListGlobalTables", "UpdateGlobalTableSettings", "DescribeGlobalTableSettings", "ExportTableToPointInTime", "DescribeExport",
            "ListExports", "ImportTable", "DescribeImport", "ListImports", "DescribeKinesisStreamingDestination",
            "EnableKinesisStreamingDestination", "DisableKinesisStreamingDestination", "UpdateKinesisStreamingDestination",
            "DescribeContributorInsights", "ListContributorInsights", "UpdateContributorInsights", "UpdateTableReplicaAutoScaling",
            "DescribeTableReplicaAutoScaling", "GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy");

    private final TableOperations tables;
    private final ItemOperations items;
    private final ReadOperations reads;
    private final TransactionOperations transactions;
    private final String endpointAddress;

    Operations(Database db, Clock clock, String endpointAddress) {
        this.tables = new TableOperations(db);
        this.items = new ItemOperations(db);
        this.reads = new ReadOperations(db);
        this.transactions = new TransactionOperations(db, items, clock);
        this.endpointAddress = endpointAddress;
    }

    byte[] handle(String operation, JsonNode request, String region) {
        switch (operation) {
            case "GetItem":
                return items.getItem(request);
            case "PutItem":
                return items.putItem(request);
            case "UpdateItem":
                return items.updateItem(request);
            case "DeleteItem":
                return items.deleteItem(request);
            case "Query":
                return reads.query(request);
            case "Scan":
                return reads.scan(request);
            case "BatchGetItem":
                return items.batchGetItem(request);
            case "BatchWriteItem":
                return items.batchWriteItem(request);
            case "TransactWriteItems":
                return transactions.transactWriteItems(request);
            case "TransactGetItems":
                return transactions.transactGetItems(request);
            case "CreateTable":
                return tables.createTable(request, region);
            case "DescribeTable":
                return tables.describeTable(request, region);
            case "UpdateTable":
                return tables.updateTable(request, region);
            case "DeleteTable":
                return tables.deleteTable(request, region);
            case "ListTables":
                return tables.listTables(request);
            case "UpdateTimeToLive":
                return tables.updateTimeToLive(request);
            case "DescribeTimeToLive":
                return tables.describeTimeToLive(request);
            case "TagResource":
                return tables.tagResource(request);
            case "UntagResource":
                return tables.untagResource(request);
            case "ListTagsOfResource":
                return tables.listTagsOfResource(request);
            case "DescribeEndpoints":
                return ("{\"Endpoints\":[{\"Address\":\"" + endpointAddress + "\",\"CachePeriodInMinutes\":1440}]}").getBytes();
            case "DescribeLimits":
                return "{\"AccountMaxReadCapacityUnits\":80000,\"AccountMaxWriteCapacityUnits\":80000,\"TableMaxReadCapacityUnits\":40000,\"TableMaxWriteCapacityUnits\":40000}".getBytes();
            default:
                if (UNSUPPORTED.contains(operation)) {
                    throw DynamoDbException.unsupported("The operation " + operation);
                }
                throw DynamoDbException.unknownOperation(operation);
        }
    }
}
