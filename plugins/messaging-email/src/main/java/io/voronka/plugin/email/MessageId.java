package io.voronka.plugin.email;

import io.voronka.plugin.api.IdempotencyKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The Message-ID header of an email sent by a step: the same for every attempt of that step. */
final class MessageId {

    private MessageId() {
    }

    /** {@code <sha256-hex-of-key@voronka>}; hashed so process ids do not leak to recipients. */
    static String derivedFrom(IdempotencyKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(key.value().getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash) + "@voronka>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK ships SHA-256", e);
        }
    }
}
