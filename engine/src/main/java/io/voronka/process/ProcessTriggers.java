package io.voronka.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.voronka.kernel.event.EventConsumer;
import io.voronka.kernel.event.InlineReactions;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event consumer that starts processes: a record event starts every process whose BPMN names
 * it as a trigger. The delivery's claim and the process starts share one Flowable transaction, so
 * an event starts its processes exactly once.
 */
public final class ProcessTriggers implements EventConsumer {

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

    /**
     * Starts processes in the transaction that creates or changes a record of an entity some
     * process is triggered by: one commit instead of two (see {@link io.voronka.kernel.event.InlineReactions}).
     * Not from inside a Flowable command: the writer's "own" transaction would silently join that
     * command's instead of committing by itself.
     */
    @Override
    public boolean reactsInline(String entity) {
        return Context.getCommandContext() == null
                && triggers.all().stream().anyMatch(t -> t.on().recordEvent() && t.entity().equals(entity));
    }

    /**
     * Flowable's own transaction, on its connection: the claim (or the change itself, when the
     * writer's work runs here) commits only with the process starts. (Flushing Flowable's session
     * early, to fail inside the work, broke its optimistic locking of history rows: it is not done.)
     */
    @Override
    public ReactionTransaction transaction(Database database) {
        return work -> management.executeCommand(commandContext -> {
            try {
                return work.run(FlowableTransaction.connection());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void handle(Connection connection, RecordEvent event) {
        List<Trigger> matching = triggers.matching(event);
        if (matching.isEmpty() || event.type() == RecordEvent.Type.DELETED) {
            return;
        }
        EntityDefinition entity = records.entity(event.entity());
        // Inline, the record is what the work just wrote; through the outbox, whatever is stored now.
        RecordData record = InlineReactions.written(connection, event.recordId(), RecordData.class)
                .or(() -> records.find(connection, entity, event.recordId())).orElse(null);
        if (record == null) {
            return; // deleted before its event was delivered: nothing left to start for
        }
        for (Trigger trigger : matching) {
            if (startedByItself(trigger, event) || !changedToTheValue(trigger, record)) {
                continue;
            }
            Map<String, Object> variables = ProcessVariables.of(record);
            triggers.definitionId(trigger.processKey()).ifPresentOrElse(
                    id -> runtime.startProcessInstanceById(id, record.id(), variables),
                    () -> runtime.startProcessInstanceByKey(trigger.processKey(), record.id(), variables));
            started.increment();
            LOG.debug("started {} for {} {}", trigger.processKey(), entity.name(), record.id());
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
