package io.voronka.process;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.RuleFailed;
import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound webhooks: {@code POST /api/v1/hooks/{key}} starts the process whose trigger is
 * {@code <voronka:trigger on="webhook" key="..." fields="a,b"/>}, with those payload fields as
 * variables. The sender proves itself with the hook's token (issued once by an admin; only its
 * SHA-256 is stored, compared in constant time). A request with an {@code Idempotency-Key} (or a
 * payload {@code id}) starts its process once: the receipt is written in the start's transaction,
 * and a replay answers the first start's process instance. A trigger with {@code message="..."}
 * starts nothing: it delivers the message to whatever waits for it on the payload's {@code record}
 * ({@link MessageDelivery}: a catch event, a boundary event, an event sub-process, a called process).
 * A trigger with {@code signal="..."} starts nothing itself either: it throws that BPMN signal with
 * the fields as variables, heard by every signal catch and start event of that name in any process,
 * in the receipt's transaction, so a replay throws nothing again.
 */
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private static final Table<?> HOOK = table(name("process_hook"));
    private static final Table<?> RECEIPT = table(name("process_hook_receipt"));
    private static final Field<String> HOOK_KEY = field(name("hook_key"), SQLDataType.VARCHAR);
    private static final Field<String> TOKEN = field(name("token_sha256"), SQLDataType.VARCHAR);
    private static final Field<String> CREATED_BY = field(name("created_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CREATED_AT = field(name("created_at"), SQLDataType.LOCALDATETIME(3));
    private static final Field<String> IDEMPOTENCY = field(name("idempotency_key"), SQLDataType.VARCHAR);
    private static final Field<String> INSTANCE = field(name("process_instance_id"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> RECEIVED = field(name("received_at"), SQLDataType.LOCALDATETIME(3));
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7e]{1,64}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A received call: the process it started (or delivered a message to), or the signal it threw
     * (then no one instance: null), and whether it is a replay of an earlier call.
     */
    public record Received(String processInstanceId, String signal, boolean replayed) {
    }

    /**
     * What a signal's receipt keeps where a start's keeps its instance: Flowable's ids never hold a
     * colon, so the two are told apart, and the receipt table needs no second column.
     */
    private static final String SIGNAL_RECEIPT = "signal:";

    private final Database database;
    private final TriggerCatalog triggers;
    private final RuntimeService runtime;
    private final ManagementService management;

    public Webhooks(Database database, TriggerCatalog triggers, RuntimeService runtime, ManagementService management) {
        this.database = database;
        this.triggers = triggers;
        this.runtime = runtime;
        this.management = management;
    }

    /** A new token for the hook, shown this once; the previous one stops working. */
    public String issueToken(Actor admin, String key) {
        trigger(key);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        database.inTransaction(c -> {
            DSLContext sql = DSL.using(c, database.dialect());
            sql.deleteFrom(HOOK).where(HOOK_KEY.eq(key)).execute();
            sql.insertInto(HOOK, HOOK_KEY, TOKEN, CREATED_BY, CREATED_AT)
                    .values(key, sha256(token), admin.username(), LocalDateTime.now(ZoneOffset.UTC)).execute();
            return null;
        });
        return token;
    }

    public Received receive(String key, String token, String idempotencyHeader, JsonObject payload) {
        Trigger trigger = trigger(key);
        String stored = database.withConnection(c -> DSL.using(c, database.dialect()).select(TOKEN).from(HOOK)
                .where(HOOK_KEY.eq(key)).fetchOne(TOKEN));
        // A hook without a token refuses everyone; the digests have one length, compared in constant time.
        if (stored == null || token == null || !MessageDigest.isEqual(
                stored.getBytes(StandardCharsets.US_ASCII), sha256(token).getBytes(StandardCharsets.US_ASCII))) {
            throw DomainError.unauthenticated(Message.of("webhook.token"));
        }
        String idempotency = idempotencyKey(idempotencyHeader, payload);
        Map<String, Object> variables = new HashMap<>();
        for (String name : trigger.fields()) {
            variables.put(name, variable(payload.getValue(name)));
        }
        String record = trigger.message() == null ? null : record(payload);
        try {
            return FlowableCommand.run(management, c -> start(c, trigger, idempotency, variables, record));
        } catch (RuntimeException e) {
            RuleFailed failed = causeOf(e, RuleFailed.class);
            if (failed != null) {
                // The process could not use what was sent (a score that is text): the sender's mistake, nothing kept.
                throw DomainError.invalid("payload", "process", Message.of("webhook.payload", failed.text()));
            }
            Throwable unusable = causeOf(e, org.flowable.common.engine.api.FlowableIllegalArgumentException.class);
            if (unusable != null) {
                // Flowable refused a value for what the process does with it (text where a loop needs a
                // list): the payload's shape, rolled back with everything else.
                LOG.warn("webhook {}: the process could not use the payload: {}", key, unusable.getMessage());
                throw DomainError.invalid("payload", "process", Message.of("webhook.payload", Message.literal(unusable.getMessage())));
            }
            if (!(e instanceof DataAccessException || e instanceof org.flowable.common.engine.api.FlowableException)) {
                throw e;
            }
            // The same key at the same moment on another node: its receipt won, answer with it.
            Received earlier = idempotency == null ? null : database.withConnection(c -> receipt(c, key, idempotency));
            if (earlier == null) {
                throw e;
            }
            return earlier;
        }
    }

    private Received start(Connection connection, Trigger trigger, String idempotency, Map<String, Object> variables,
                           String record) {
        if (idempotency != null) {
            Received earlier = receipt(connection, trigger.hook(), idempotency);
            if (earlier != null) {
                return earlier;
            }
        }
        Received received;
        if (trigger.signal() != null) {
            runtime.signalEventReceived(trigger.signal(), variables);
            received = new Received(null, trigger.signal(), false);
        } else if (trigger.message() != null) {
            received = new Received(new MessageDelivery(runtime).deliver(trigger.processKey(), record, trigger.message(), variables),
                    null, false);
        } else {
            received = new Received(runtime.startProcessInstanceByKey(trigger.processKey(), variables).getId(), null, false);
        }
        if (idempotency != null) {
            String done = received.signal() != null ? SIGNAL_RECEIPT + received.signal() : received.processInstanceId();
            DSL.using(connection, database.dialect()).insertInto(RECEIPT, HOOK_KEY, IDEMPOTENCY, INSTANCE, RECEIVED)
                    .values(trigger.hook(), idempotency, done, LocalDateTime.now(ZoneOffset.UTC)).execute();
        }
        return received;
    }

    /** The first of {@code e}'s causes (itself included) that is a {@code type}, or null. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }


    /** The record a message is for: the payload's {@code record} (the waiting instance's business key). */
    private static String record(JsonObject payload) {
        Object record = payload.getValue("record");
        if (!(record instanceof String text) || text.isBlank() || text.length() > 255) {
            throw DomainError.invalid("record", "required", Message.of("webhook.record"));
        }
        return text;
    }

    private Received receipt(Connection connection, String key, String idempotency) {
        String instance = DSL.using(connection, database.dialect()).select(INSTANCE).from(RECEIPT)
                .where(HOOK_KEY.eq(key)).and(IDEMPOTENCY.eq(idempotency)).fetchOne(INSTANCE);
        if (instance == null) {
            return null;
        }
        return instance.startsWith(SIGNAL_RECEIPT) ? new Received(null, instance.substring(SIGNAL_RECEIPT.length()), true)
                : new Received(instance, null, true);
    }

    private Trigger trigger(String key) {
        if (key == null || !Trigger.HOOK_KEY.matcher(key).matches()) {
            throw DomainError.notFound(Message.of("webhook.none", key));
        }
        return triggers.webhook(key).orElseThrow(() -> DomainError.notFound(Message.of("webhook.none", key)));
    }

    /** The header, else the payload's {@code id}; none means every call starts a process. */
    private static String idempotencyKey(String header, JsonObject payload) {
        Object id = header != null ? header : payload.getValue("id");
        if (id == null) {
            return null;
        }
        String text = id instanceof Number || id instanceof String ? id.toString() : null;
        if (text == null || !IDEMPOTENCY_KEY.matcher(text).matches()) {
            throw DomainError.malformed(header != null ? "Idempotency-Key" : "id", "format",
                    Message.of("webhook.idempotency-key"));
        }
        return text;
    }

    /**
     * Scalars as they are (decimals as doubles, as record values travel); an array as a list of
     * those, so a multi-instance can run once per item ({@code flowable:collection="${items}"});
     * objects, and arrays inside the array, as JSON text.
     */
    static Object variable(Object value) {
        if (value instanceof JsonArray array) {
            java.util.ArrayList<Object> items = new java.util.ArrayList<>(array.size());
            for (Object item : array) {
                items.add(item instanceof JsonArray || item instanceof JsonObject ? item.toString() : scalar(item));
            }
            return items;
        }
        if (value instanceof JsonObject) {
            return value.toString();
        }
        return scalar(value);
    }

    private static Object scalar(Object value) {
        return value instanceof BigDecimal d ? d.doubleValue() : value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
