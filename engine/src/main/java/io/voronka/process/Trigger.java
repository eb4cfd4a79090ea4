package io.voronka.process;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.event.RecordEvent;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.flowable.bpmn.model.ExtensionElement;

/**
 * What starts a process, as its BPMN says in {@code <voronka:trigger on="..."/>}:
 * <ul>
 *   <li>{@code created} / {@code updated} / {@code deleted}: a record event of {@code entity};</li>
 *   <li>{@code changed}: an update of {@code entity} that changed {@code field}, or its creation
 *       with that field filled, to the value {@code to} when given;</li>
 *   <li>{@code manual}: a person starts it for one record of {@code entity} or a filtered list;</li>
 *   <li>{@code schedule}: every {@code every} (an ISO-8601 duration, at least a minute);</li>
 *   <li>{@code webhook}: {@code POST /api/v1/hooks/{hook}}; the payload's {@code fields} become
 *       process variables. With {@code message="..."} the call starts nothing: it delivers that
 *       message to the instance of this process waiting for it whose business key (record id) is the
 *       payload's {@code record}, e.g. a survey's answer to the survey that asked. With
 *       {@code signal="..."} it starts nothing either: it throws that BPMN signal with the fields as
 *       variables, and every signal catch or start event of that name, in any process, hears it.
 *       A webhook does one of the three; {@code signal} on another kind of trigger is refused.</li>
 * </ul>
 */
public record Trigger(String processKey, Kind on, String entity, String field, String to, Duration every,
                      String hook, List<String> fields, String message, String signal) {

    public enum Kind {
        CREATED, UPDATED, DELETED, CHANGED, MANUAL, SCHEDULE, WEBHOOK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kinds a record event starts. */
        boolean recordEvent() {
            return this == CREATED || this == UPDATED || this == DELETED || this == CHANGED;
        }
    }

    static final Pattern HOOK_KEY = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");
    static final Pattern VARIABLE = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,63}$");
    /** A signal's name as BPMN files write them: {@code priceChanged}, {@code price-changed}, {@code stock.low}. */
    static final Pattern SIGNAL = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]{0,63}$");

    /** A record trigger as the first version of the BPMN had it. */
    public Trigger(String processKey, String entity, RecordEvent.Type on) {
        this(processKey, Kind.valueOf(on.name()), entity, null, null, null, null, List.of(), null, null);
    }

    /** Reads one trigger element; a malformed one is refused with what is wrong (the policy says so at deploy). */
    public static Trigger parse(String processKey, ExtensionElement element) {
        String on = attribute(element, "on");
        if (on == null) {
            throw new Invalid("process.trigger.on.missing");
        }
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.wire().equals(on.trim())).findFirst()
                .orElseThrow(() -> new Invalid("process.trigger.on.unknown", on));
        String entity = attribute(element, "entity");
        if ((kind.recordEvent() || kind == Kind.MANUAL) && entity == null) {
            throw new Invalid("process.trigger.entity.missing", kind.wire());
        }
        String field = attribute(element, "field");
        if (kind == Kind.CHANGED && field == null) {
            throw new Invalid("process.trigger.field.missing");
        }
        Duration every = null;
        if (kind == Kind.SCHEDULE) {
            String text = attribute(element, "every");
            try {
                every = text == null ? null : Duration.parse(text);
            } catch (DateTimeParseException e) {
                every = null;
            }
            if (every == null || every.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new Invalid("process.trigger.every");
            }
        }
        String hook = attribute(element, "key");
        List<String> fields = List.of();
        if (kind == Kind.WEBHOOK) {
            if (hook == null || !HOOK_KEY.matcher(hook).matches()) {
                throw new Invalid("process.trigger.key");
            }
            String list = attribute(element, "fields");
            fields = list == null ? List.of() : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String name : fields) {
                if (!VARIABLE.matcher(name).matches()) {
                    throw new Invalid("process.trigger.webhook.field", name);
                }
            }
        }
        String message = kind == Kind.WEBHOOK ? attribute(element, "message") : null;
        if (message != null && !VARIABLE.matcher(message).matches()) {
            throw new Invalid("process.trigger.webhook.message", message);
        }
        String signal = attribute(element, "signal");
        if (signal != null && kind != Kind.WEBHOOK) {
            throw new Invalid("process.trigger.signal.kind", kind.wire(), signal);
        }
        if (signal != null && message != null) {
            throw new Invalid("process.trigger.signal.and.message", message, signal);
        }
        if (signal != null && !SIGNAL.matcher(signal).matches()) {
            throw new Invalid("process.trigger.signal.name", signal);
        }
        return new Trigger(processKey, kind, entity, field, attribute(element, "to"), every, hook, fields, message, signal);
    }

    /** A malformed trigger element: what is wrong, worded in the reader's language where it leaves the engine. */
    public static final class Invalid extends IllegalArgumentException {

        private final transient Message text;

        Invalid(String key, Object... args) {
            this(Message.of(key, args));
        }

        private Invalid(Message text) {
            super(text.english());
            this.text = text;
        }

        public Message text() {
            return text;
        }
    }

    private static String attribute(ExtensionElement element, String name) {
        String value = element.getAttributeValue(null, name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Whether this record event is one the trigger waits for (the changed value is checked on the record). */
    public boolean matches(RecordEvent event) {
        if (!on.recordEvent() || !event.entity().equals(entity)) {
            return false;
        }
        if (on == Kind.CHANGED) {
            // A record created with the field filled changed it from nothing to that value, as an
            // update to it would: a created event names the fields it filled.
            return (event.type() == RecordEvent.Type.UPDATED || event.type() == RecordEvent.Type.CREATED)
                    && event.changedFields().contains(field);
        }
        return on.name().equals(event.type().name());
    }
}
