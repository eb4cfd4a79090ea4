package io.voronka.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Index names must fit the databases' 64 characters: a long one keeps a short hash of what it would have said. */
final class IndexNames {

    private IndexNames() {
    }

    /** Eight hex digits of the text's SHA-256: the same text gives the same name on every node. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
