package io.voronka.kernel.error;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Words for a person, kept as a key into the engine's message bundle and its arguments, so the
 * same problem is worded in the reader's language only where it leaves the engine (the HTTP
 * problem writer). The bundle is {@code io/voronka/kernel/error/messages.properties} (English, the
 * default) and {@code messages_ru.properties}; patterns are {@link MessageFormat}s, so an apostrophe
 * is written {@code ''} and a brace {@code '{'}. An argument that is itself a Message is worded in
 * the same language; any other argument is written as {@link String#valueOf} (no digit grouping,
 * so "100000" reads the same in every language and in the tests).
 *
 * <p>A literal carries text that is not ours to translate (a stage rule's message written by an
 * admin, a library's words) and reads the same in every language.
 */
public final class Message {

    static final String BUNDLE = "io.voronka.kernel.error.messages";
    /** The languages the bundle speaks; anything else reads English. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"));

    private final String key;
    private final Object[] args;
    /** For a label: the label by BCP 47 tag, as entity definitions carry them; else empty. */
    private final java.util.Map<String, String> labels;

    private Message(String key, Object[] args) {
        this(key, args, java.util.Map.of());
    }

    private Message(String key, Object[] args, java.util.Map<String, String> labels) {
        this.key = key;
        this.args = args;
        this.labels = labels;
    }

    /** The bundle's pattern {@code key} with {@code args}. */
    public static Message of(String key, Object... args) {
        return new Message(key, args.clone());
    }

    /** Text read the same in every language. */
    public static Message literal(String text) {
        return new Message(null, new Object[] {text});
    }

    /**
     * An admin's label with its translations ({@code labels} by language tag, as entity definitions
     * carry them): the reader's language when there is one, else {@code label}.
     */
    public static Message label(String label, java.util.Map<String, String> labels) {
        return new Message(null, new Object[] {label}, labels == null ? java.util.Map.of() : java.util.Map.copyOf(labels));
    }

    /** The bundle key, or null for a literal. */
    public String key() {
        return key;
    }

    public List<Object> args() {
        return Arrays.asList(args.clone());
    }

    /** The words in {@code locale} (English where the bundle has no such language). */
    public String in(Locale locale) {
        if (key == null) {
            String translated = labels.get(locale.getLanguage());
            return translated != null ? translated : String.valueOf(args[0]);
        }
        ResourceBundle bundle = bundle(locale);
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            // A key the bundle lacks is a bug a test catches; the client still gets the key, not a 500.
            return key + Arrays.toString(args);
        }
        Object[] worded = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            worded[i] = args[i] instanceof Message m ? m.in(locale) : String.valueOf(args[i]);
        }
        return new MessageFormat(pattern, locale).format(worded);
    }

    /** The English words: logs, exceptions' messages and callers that have no reader. */
    public String english() {
        return in(Locale.ENGLISH);
    }

    static ResourceBundle bundle(Locale locale) {
        // ROOT fallback only: a Russian server must not answer an English reader in Russian.
        return ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @Override
    public boolean equals(Object o) {
        // Two messages are the same when they read the same: a literal may stand for a keyed one.
        return o instanceof Message m && english().equals(m.english());
    }

    @Override
    public int hashCode() {
        return english().hashCode();
    }

    @Override
    public String toString() {
        return english();
    }
}
