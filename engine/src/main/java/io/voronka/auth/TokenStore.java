package io.voronka.auth;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Sign-in tokens. Only a SHA-256 of each token is stored, so a copy of the database signs nobody
 * in; tokens live in the shared database, so any node of a cluster accepts them.
 */
public final class TokenStore {

    private static final Field<String> HASH = field(name("token_hash"), SQLDataType.VARCHAR);
    private static final Field<String> USER_ID = field(name("user_id"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> EXPIRES = field(name("expires_at"), SQLDataType.LOCALDATETIME);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SQLDialect dialect;
    private final Duration lifetime;

    public TokenStore(SQLDialect dialect, Duration lifetime) {
        this.dialect = dialect;
        this.lifetime = lifetime;
    }

    public String issue(Connection c, String userId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        DSL.using(c, dialect).insertInto(table(name("auth_token")), HASH, USER_ID, CREATED, EXPIRES)
                .values(hash(token), userId, now, now.plus(lifetime)).execute();
        return token;
    }

    public Optional<String> userIdFor(Connection c, String token) {
        return DSL.using(c, dialect).select(USER_ID).from(table(name("auth_token")))
                .where(HASH.eq(hash(token))).and(EXPIRES.gt(LocalDateTime.now(ZoneOffset.UTC)))
                .fetchOptional(USER_ID);
    }

    public void revoke(Connection c, String token) {
        DSL.using(c, dialect).deleteFrom(table(name("auth_token"))).where(HASH.eq(hash(token))).execute();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
