package io.voronka.kernel.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.rule.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The English and Russian bundles say the same things, and say everything the code asks them to. */
class MessageBundleTest {

    // read as files: a ResourceBundle would also answer the Russian keys it lacks from its English parent
    private static final Properties ENGLISH = load("messages.properties");
    private static final Properties RUSSIAN = load("messages_ru.properties");
    /**
     * A string literal that is a bundle key: one of the bundle's sections, a dot, then the rest
     * ({@code process.job.*} are settings of the job executor, not words).
     */
    private static final Pattern KEY = Pattern.compile("\"((?:problem|field|record|stage|rule|definition|user|view|query|process(?!\\.job\\.)|task|webhook|incident|login|session|team|bulk|import|file|restore|plugin)\\.[a-z0-9.-]*[a-z0-9])\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");

    @Test
    void russianHasEveryEnglishKeyAndNoOther() {
        assertThat(ownKeys(RUSSIAN)).isEqualTo(ownKeys(ENGLISH));
        assertThat(Message.bundle(Locale.forLanguageTag("ru")).getLocale()).isEqualTo(Locale.forLanguageTag("ru"));
    }

    @Test
    void bothLanguagesTakeTheSameArguments() {
        for (String key : ownKeys(ENGLISH)) {
            assertThat(placeholders(RUSSIAN.getProperty(key))).as(key).isEqualTo(placeholders(ENGLISH.getProperty(key)));
            // each pattern is a valid MessageFormat in its language
            new MessageFormat(ENGLISH.getProperty(key), Locale.ENGLISH);
            new MessageFormat(RUSSIAN.getProperty(key), Locale.forLanguageTag("ru"));
        }
    }

    @Test
    void everyKeyTheCodeUsesIsInTheBundle() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = KEY.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        for (ValueType type : ValueType.values()) {
            used.add(type.text().key());
        }
        for (io.voronka.kernel.event.RecordEvent.Type type : io.voronka.kernel.event.RecordEvent.Type.values()) {
            used.add("incident.event." + type.name().toLowerCase(Locale.ROOT)); // EventDispatcher's incident summaries
        }
        assertThat(used).hasSizeGreaterThan(150);
        assertThat(ownKeys(ENGLISH)).containsAll(used);
    }

    /** The sections translated after records and rules: each Russian pattern is Russian, not a copy of the English. */
    private static final List<String> TRANSLATED_LATER = List.of("process.", "task.", "webhook.", "incident.", "login.", "session.",
            "team.", "bulk.", "import.", "file.", "restore.", "plugin.");

    @Test
    void russianLeavesNoEnglishSentenceInTheLaterSections() {
        Pattern cyrillic = Pattern.compile("\\p{IsCyrillic}");
        // an English word of three letters or more outside quotes, placeholders and code (flowable:formKey, isExecutable)
        Pattern englishWord = Pattern.compile("(?<![\\w:.<$'{-])[A-Za-z]{3,}(?![\\w:.>=(-])");
        Set<String> keys = ownKeys(ENGLISH).stream().filter(k -> TRANSLATED_LATER.stream().anyMatch(k::startsWith))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        assertThat(keys).hasSizeGreaterThan(60);
        for (String key : keys) {
            String russian = RUSSIAN.getProperty(key);
            // A pattern of placeholders and punctuation alone has no words to translate; every other is Russian.
            if (ENGLISH.getProperty(key).replaceAll("\\{\\d+}", "").matches(".*[A-Za-z].*")) {
                assertThat(russian).as(key).isNotEqualTo(ENGLISH.getProperty(key));
                assertThat(cyrillic.matcher(russian).find()).as(key + ": " + russian).isTrue();
            }
            String prose = russian.replaceAll("'[^']*'|\\{[^}]*}|\"[^\"]*\"|«[^»]*»|\\([^)]*\\)|\\S*/\\S*", " ");
            assertThat(englishWord.matcher(prose).results().map(m -> m.group().toLowerCase(Locale.ROOT)).toList())
                    .as(key + ": " + russian).allMatch(ALLOWED_LATIN::contains);
        }
    }

    /** Latin words a Russian admin reads as they are: names of formats, protocols, HTTP and BPMN attributes. */
    private static final Set<String> ALLOWED_LATIN = Set.of("true", "false", "null", "http", "https", "csv", "json",
            "xml", "bpmn", "url", "java", "delegateexpression", "xlsx", "utf", "ascii", "bearer", "post", "dtd", "flowable");

    @Test
    void wordsAProblemInTheReadersLanguage() {
        Message message = Message.of("rule.at", 2, 5, Message.of("rule.check.compare", ValueType.NUMBER.text(),
                ValueType.TEXT.text()));
        assertThat(message.in(Locale.ENGLISH)).isEqualTo("line 2, column 5: cannot compare a number with a text");
        assertThat(message.in(Locale.forLanguageTag("ru"))).isEqualTo("строка 2, столбец 5: нельзя сравнить «число» с «текст»");
        assertThat(Message.of("field.text.max", 100000).in(Locale.forLanguageTag("ru")))
                .isEqualTo("должно быть не длиннее 100000 символов");
        assertThat(Message.of("rule.parse.keyword", "if").english()).isEqualTo("'if' cannot be used here");
        // a language the bundle does not speak reads English, not the server's default language
        assertThat(Message.of("field.decimal").in(Locale.GERMAN)).isEqualTo("must be a number");
        assertThat(Message.literal("Bring the invoice first").in(Locale.forLanguageTag("ru")))
                .isEqualTo("Bring the invoice first");
    }

    private static Set<String> ownKeys(Properties bundle) {
        return new TreeSet<>(bundle.stringPropertyNames());
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (var in = MessageBundleTest.class.getResourceAsStream(name)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties;
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern.replaceAll("'[^']*'", ""));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
