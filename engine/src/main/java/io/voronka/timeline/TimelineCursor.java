package io.voronka.timeline;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a timeline page ended: the time of its last entry and the ids already shown at exactly
 * that time. The next page reads each source at or before that time and leaves those ids out, so
 * entries sharing a millisecond (the fields of one change) neither repeat nor go missing, whatever
 * source they come from. Opaque to clients (base64url JSON); nothing in it reaches SQL but as a
 * bind value.
 */
record TimelineCursor(LocalDateTime at, Set<String> shown) {

    private static final int MAX_TEXT = 20_000;

    String encode() {
        JsonObject json = new JsonObject().put("t", at.toInstant(ZoneOffset.UTC).toString())
                .put("s", new JsonArray(java.util.List.copyOf(shown)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    static TimelineCursor decode(String text) {
        try {
            if (text.length() > MAX_TEXT) {
                throw new IllegalArgumentException("too long");
            }
            JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            LocalDateTime at = LocalDateTime.ofInstant(Instant.parse(json.getString("t")), ZoneOffset.UTC);
            Set<String> shown = new LinkedHashSet<>();
            for (Object id : json.getJsonArray("s")) {
                shown.add((String) id);
            }
            return new TimelineCursor(at, shown);
        } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException
                 | java.time.DateTimeException e) {
            throw DomainError.malformed("before", "cursor", "is not a cursor this timeline gave out; pass next unchanged");
        }
    }
}
