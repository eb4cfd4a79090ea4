package io.voronka.record;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of a record list ended: the sort it was read in, the last row's sort value (as
 * text, null when empty) and id. Sent to clients as opaque text ({@code next}) and read back from {@code ?after=}; it holds
 * nothing a client could not see in the page itself, and every part of it reaches SQL as a bind value.
 */
public record RecordCursor(String sort, String value, String id) {

    private static final int MAX_LENGTH = 512;

    static RecordCursor after(RecordSort sort, RecordData last) {
        return new RecordCursor(sort.text(), sort.valueText(last), last.id());
    }

    public String encode() {
        String json = new JsonObject().put("s", sort).put("t", value).put("id", id).encode();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads {@code ?after=} for a list in {@code sort}; text that is not a cursor, or a cursor of
     * another sort order, answers 400 naming {@code after}.
     */
    static RecordCursor decode(String text, RecordSort sort) {
        RecordCursor cursor = parse(text);
        if (!cursor.sort().equals(sort.text())) {
            throw DomainError.malformed("after", "cursor", Message.of("query.cursor.sort",
                    RecordSort.clip(cursor.sort()), sort.text()));
        }
        return cursor;
    }

    private static RecordCursor parse(String text) {
        try {
            if (text.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            Object value = json.getValue("t");
            if (!(json.getValue("s") instanceof String sort && (value == null || value instanceof String)
                    && json.getValue("id") instanceof String id) || id.isEmpty() || id.length() > 36) {
                throw new IllegalArgumentException("incomplete");
            }
            return new RecordCursor(sort, (String) value, id);
        } catch (IllegalArgumentException | DecodeException e) {
            throw DomainError.malformed("after", "cursor", Message.of("query.cursor"));
        }
    }
}
