package io.voronka.auth;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.util.regex.Pattern;

/**
 * A user's email address as an admin types it, checked the way Jakarta Bean Validation's
 * {@code @Email} does (Hibernate Validator's rules): a dot-atom local part of at most 64 characters,
 * a domain of letter-digit-hyphen labels (a single label such as {@code localhost} is allowed), at
 * most 254 characters in all. Blank means "no address".
 */
final class EmailAddress {

    static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL = Pattern.compile("[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");

    private EmailAddress() {
    }

    /** The address trimmed, or null for none; 400 when not text, 422 naming {@code email} when not an address. */
    static String parse(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw DomainError.malformed("email", "type", Message.of("field.text"));
        }
        String address = text.strip();
        if (address.isEmpty()) {
            return null;
        }
        if (!valid(address)) {
            throw DomainError.invalid("email", "email", Message.of("user.email"));
        }
        return address;
    }

    static boolean valid(String address) {
        int at = address.lastIndexOf('@');
        if (address.length() > MAX_LENGTH || at <= 0 || at == address.length() - 1) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        return local.length() <= 64 && LOCAL.matcher(local).matches() && DOMAIN.matcher(domain).matches();
    }
}
