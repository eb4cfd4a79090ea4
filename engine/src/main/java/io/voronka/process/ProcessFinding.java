package io.voronka.process;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.Message;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Something the designer shows on an element of a model: an error Voronka will not deploy, or a
 * warning about something that will run but probably not as meant. {@code code} is stable
 * (forbidden, expression, trigger, unsupported, not-executable, flowable, missing-form, unknown-form, unassigned,
 * unknown-action, unknown-input, unbound-input, no-start, no-end, message, message-throw, signal, timer,
 * call-activity, unknown-process, call-variables, call-business-key, loop); {@code text} is worded in
 * the reader's language where it is answered.
 */
public record ProcessFinding(String elementId, Severity severity, String code, Message text) {

    public enum Severity {
        ERROR, WARNING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ProcessFinding error(String elementId, String code, Message text) {
        return new ProcessFinding(elementId, Severity.ERROR, code, text);
    }

    static ProcessFinding warning(String elementId, String code, Message text) {
        return new ProcessFinding(elementId, Severity.WARNING, code, text);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The English words. */
    public String message() {
        return text.english();
    }

    public JsonObject toJson(Locale language) {
        return new JsonObject().put("elementId", elementId).put("severity", severity.label()).put("code", code)
                .put("message", text.in(language));
    }

    /**
     * As a model revision stores it: the English words and every other language the engine speaks,
     * so the list of models answers a saved finding in the reader's language without reviewing it again.
     */
    JsonObject toStored() {
        JsonObject translations = new JsonObject();
        for (Locale language : Message.LANGUAGES) {
            if (!language.equals(Locale.ENGLISH)) {
                translations.put(language.getLanguage(), text.in(language));
            }
        }
        return toJson(Locale.ENGLISH).put("messages", translations);
    }

    static ProcessFinding fromStored(JsonObject json) {
        Map<String, String> translations = new LinkedHashMap<>();
        // revisions saved before findings were translated have only the English words
        JsonObject stored = json.getJsonObject("messages", new JsonObject());
        stored.forEach(e -> translations.put(e.getKey(), String.valueOf(e.getValue())));
        return new ProcessFinding(json.getString("elementId"), Severity.valueOf(json.getString("severity").toUpperCase(
                java.util.Locale.ROOT)), json.getString("code"), Message.label(json.getString("message"), translations));
    }
}
