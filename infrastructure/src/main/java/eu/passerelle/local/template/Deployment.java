package eu.passerelle.local.template;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment of a template: how its resources are named here and what its intrinsics
 * resolve to. Names follow CloudFormation's habits ({@code stack-LogicalId}) unless the template
 * sets them, so that nothing in the code may rely on a hard-coded name.
 */
public final class Deployment implements Intrinsics.Names {

    private final SamTemplate template;
    private final String stackName;
    private final String region;
    private final String accountId;
    private final Map<String, String> parameterOverrides;
    private final URI sqsEndpoint;
    private final Intrinsics intrinsics;
    private final Map<String, String> secretArns = new java.util.concurrent.ConcurrentHashMap<>();

    public Deployment(SamTemplate template, String stackName, String region, String accountId,
                      Map<String, String> parameterOverrides, URI sqsEndpoint) {
        this.template = template;
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.sqsEndpoint = sqsEndpoint;
        this.intrinsics = new Intrinsics(this, template.conditions(), template.mappings());
    }

    public SamTemplate template() {
        return template;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public String stackName() {
        return stackName;
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    public String tableName(TableDef table) {
        return table.tableName() != null ? intrinsics.resolveString(table.tableName()) : stackName + "-" + table.logicalId();
    }

    public String queueName(QueueDef queue) {
        if (queue.queueName() != null) {
            return intrinsics.resolveString(queue.queueName());
        }
        return stackName + "-" + queue.logicalId() + (queue.fifo() ? ".fifo" : "");
    }

    public String queueUrl(QueueDef queue) {
        return sqsEndpoint.toString().replaceAll("/$", "") + "/" + accountId + "/" + queueName(queue);
    }

    public String queueArn(QueueDef queue) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + queueName(queue);
    }

    public String functionName(FunctionDef function) {
        Object name = function.properties().get("FunctionName");
        return name != null ? intrinsics.resolveString(name) : stackName + "-" + function.logicalId();
    }

    public String secretName(SecretDef secret) {
        return secret.name() != null ? intrinsics.resolveString(secret.name()) : stackName + "-" + secret.logicalId();
    }

    /** Secrets Manager appends six random characters to a secret's ARN; locally they are fixed. */
    public String secretArn(SecretDef secret) {
        String external = secretArns.get(secret.logicalId());
        return external != null ? external
                : "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + secretName(secret) + "-local0";
    }

    /** The ARN another Secrets Manager gave a secret of the template ({@code !Ref} resolves to it). */
    public void useSecretArn(String logicalId, String arn) {
        secretArns.put(logicalId, arn);
    }

    public String functionArn(FunctionDef function) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName(function);
    }

    /** The function's environment variables with every intrinsic resolved. */
    public Map<String, String> environment(FunctionDef function) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((k, v) -> {
            String value = intrinsics.resolveString(v);
            if (value != null) {
                env.put(k, value);
            }
        });
        return env;
    }

    /** The queue an SQS event source reads, found from its {@code Queue} ARN intrinsic. */
    public QueueDef queueOfEvent(FunctionDef.EventDef event) {
        String arn = intrinsics.resolveString(event.properties().get("Queue"));
        return template.queues().stream().filter(q -> queueArn(q).equals(arn)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Event " + event.name() + " reads unknown queue " + arn));
    }

    /** A queue with its settings resolved for this deployment (parameters, conditions). */
    public QueueDef resolved(QueueDef queue) {
        return queue.resolve(intrinsics);
    }

    public Optional<QueueDef> deadLetterQueue(QueueDef queue) {
        if (queue.deadLetterTarget() == null) {
            return Optional.empty();
        }
        String arn = intrinsics.resolveString(queue.deadLetterTarget());
        return template.queues().stream().filter(q -> queueArn(q).equals(arn)).findFirst();
    }

    @Override
    public Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return accountId;
            case "AWS::StackName":
                return stackName;
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/local";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        Map<String, Object> parameter = SamTemplate.map(template.parameters().get(name));
        if (template.parameters().containsKey(name)) {
            String override = parameterOverrides.get(name);
            return override != null ? override : parameter.get("Default");
        }
        String type = template.resourceType(name)
                .orElseThrow(() -> new IllegalArgumentException("Ref to unknown name " + name));
        return switch (type) {
            case "AWS::DynamoDB::Table" -> tableName(table(name));
            case "AWS::SQS::Queue" -> queueUrl(queue(name));
            case "AWS::Serverless::Function" -> functionName(template.function(name).orElseThrow());
            case "AWS::SecretsManager::Secret" -> secretArn(template.secrets().stream()
                    .filter(s -> s.logicalId().equals(name)).findFirst().orElseThrow());
            default -> stackName + "-" + name;
        };
    }

    @Override
    public Object getAtt(String logicalId, String attribute) {
        String type = template.resourceType(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("GetAtt on unknown resource " + logicalId));
        switch (type) {
            case "AWS::SQS::Queue": {
                QueueDef q = queue(logicalId);
                return switch (attribute) {
                    case "Arn" -> queueArn(q);
                    case "QueueName" -> queueName(q);
                    case "QueueUrl" -> queueUrl(q);
                    default -> throw unsupported(logicalId, attribute);
                };
            }
            case "AWS::DynamoDB::Table": {
                String arn = "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName(table(logicalId));
                return switch (attribute) {
                    case "Arn" -> arn;
                    case "StreamArn" -> arn + "/stream/local";
                    default -> throw unsupported(logicalId, attribute);
                };
            }
            case "AWS::Serverless::Function":
                if (attribute.equals("Arn")) {
                    return functionArn(template.function(logicalId).orElseThrow());
                }
                throw unsupported(logicalId, attribute);
            default:
                // Attributes of resources that only exist in AWS (CloudFront, S3…): a stable placeholder.
                return "local:" + logicalId + "." + attribute;
        }
    }

    private TableDef table(String logicalId) {
        return template.tables().stream().filter(t -> t.logicalId().equals(logicalId)).findFirst().orElseThrow();
    }

    private QueueDef queue(String logicalId) {
        return template.queues().stream().filter(q -> q.logicalId().equals(logicalId)).findFirst().orElseThrow();
    }

    private static IllegalArgumentException unsupported(String logicalId, String attribute) {
        return new IllegalArgumentException("GetAtt " + logicalId + "." + attribute + " is not supported locally");
    }
}
