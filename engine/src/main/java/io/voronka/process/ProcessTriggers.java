package io.voronka.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.voronka.kernel.event.EventConsumer;
import io.voronka.kernel.event.InlineReaction;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event consumer that starts processes: a record event starts every process whose BPMN names
 * it as a trigger. The delivery's claim and the process starts share one Flowable transaction, so
 * an event starts its processes exactly once.
 *
 * <p>A record change made through the API runs in that Flowable transaction itself when some trigger
 * may start on it ({@link InlineReaction}): the record, its event and the process starts commit
 * together, with the delivery written delivered, one commit where there were two.
 */
public final class ProcessTriggers implements EventConsumer, InlineReaction {

    public static final String CONSUMER = "process-triggers";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTriggers.class);

    private final TriggerCatalog triggers;
    private final RecordService records;
    private final ManagementService management;
    private final RuntimeService runtime;
    private final Counter started;

    public ProcessTriggers(TriggerCatalog triggers, RecordService records, ManagementService management,
                           RuntimeService runtime, MeterRegistry metrics) {
        this.triggers = triggers;
        this.records = records;
        this.management = management;
        this.runtime = runtime;
        this.started = Counter.builder("voronka.process.triggered").description("processes started by record events")
                .register(metrics);
    }

    @Override
    public String name() {
        return CONSUMER;
    }

    /** Flowable's own transaction, on its connection: the claim commits only with the process starts. */
    @Override
    public ReactionTransaction transaction(Database database) {
        return this::inCommand;
    }

    @Override
    public boolean reactsInline(String entity, RecordEvent.Type type) {
        return triggers.mayStartOn(entity, type);
    }

    /** The change itself runs in a Flowable command, on its connection, so the starts join its transaction. */
    @Override
    public <T> T transaction(Database database, Database.TransactionWork<T> work) {
        return inCommand(work);
    }

    /** The record is at hand: its values as the change stored them, so it is not read again. */
    @Override
    public void react(Connection connection, RecordEvent event, Map<String, Object> values) {
        if (values == null) {
            handle(connection, event);
        } else if (event.type() != RecordEvent.Type.DELETED) {
            start(event, new RecordData(event.recordId(), event.entity(), event.version(), null, null, null, values),
                    triggers.matching(event));
        }
    }

    @Override
    public void handle(Connection connection, RecordEvent event) {
        List<Trigger> matching = triggers.matching(event);
        if (event.type() == RecordEvent.Type.DELETED || matching.isEmpty()) {
            return;
        }
        EntityDefinition entity = records.entity(event.entity());
        records.find(connection, entity, event.recordId()).ifPresent(record -> start(event, record, matching));
        // absent: deleted before its event was delivered, nothing left to start for
    }

    private void start(RecordEvent event, RecordData record, List<Trigger> matching) {
        for (Trigger trigger : matching) {
            if (startedByItself(trigger, event) || !changedToTheValue(trigger, record)) {
                continue;
            }
            runtime.startProcessInstanceByKey(trigger.processKey(), record.id(), ProcessVariables.of(record));
            started.increment();
            LOG.debug("started {} for {} {}", trigger.processKey(), record.entity(), record.id());
        }
    }

    /**
     * Runs work in a Flowable command on its connection. The work's own failure travels through
     * Flowable as a {@link Carried} exception: Flowable rolls back and, for its own exception type,
     * logs nothing, so a refused record (a 422) is not logged as an engine error; the caller reports it.
     */
    private <T> T inCommand(Database.TransactionWork<T> work) {
        try {
            return management.executeCommand(commandContext -> {
                try {
                    return work.run(FlowableTransaction.connection());
                } catch (Exception e) {
                    throw new Carried(e);
                }
            });
        } catch (Carried carried) {
            if (carried.getCause() instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException(carried.getCause());
        }
    }

    private static final class Carried extends FlowableException {
        Carried(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Loop protection: a change a process made (its steps act as {@code process:<key>}) never
     * starts that same process again, or a process that updates its own record would run forever.
     * Other processes still hear of it.
     */
    static boolean startedByItself(Trigger trigger, RecordEvent event) {
        return event.origin() == Origin.PROCESS && ProcessActor.name(trigger.processKey()).equals(event.actor());
    }

    /** A "changed to" trigger fires only while the field holds that value (as text) when the event is handled. */
    static boolean changedToTheValue(Trigger trigger, RecordData record) {
        if (trigger.on() != Trigger.Kind.CHANGED || trigger.to() == null) {
            return true;
        }
        Object value = record.values().get(trigger.field());
        String text = value instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                : value == null ? null : value.toString();
        return trigger.to().equals(text);
    }
}
