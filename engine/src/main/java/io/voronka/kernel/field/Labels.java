package io.voronka.kernel.field;

import io.voronka.kernel.error.ValidationProblem;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A label in other languages beside the default one: {@code "labels": {"ru": "Контакт", "en":
 * "Contact"}} next to {@code "label"} (entity, field, option, link inverse, card section). Keys are
 * BCP 47 language tags ({@code ru}, {@code en}, {@code pt-BR}, {@code zh-Hant}); a console shows
 * the label of the user's language, else its base language's, else {@code label}.
 */
public final class Labels {

    static final int MAX_LENGTH = 200;
    /** Language, optional script, optional region, optional variants: the BCP 47 tags people write. */
    private static final Pattern TAG = Pattern.compile(
            "[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*");

    private Labels() {
    }

    /** An immutable copy sorted by tag (so the stored form and its checksum do not depend on key order), never null. */
    static Map<String, String> copy(Map<String, String> labels) {
        return labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /**
     * Adds a problem naming {@code <at>.<tag>} (e.g. {@code fields[2].labels.xx}) for each tag that is
     * no language tag, and each label that is empty or too long.
     */
    public static void check(Map<String, String> labels, String at, List<ValidationProblem> problems) {
        if (labels == null) {
            return;
        }
        labels.forEach((tag, label) -> {
            if (tag.length() > 35 || !TAG.matcher(tag).matches()) {
                problems.add(ValidationProblem.of(at + "." + tag, "languageTag", "definition.label.tag"));
            } else if (label == null || label.isBlank()) {
                problems.add(ValidationProblem.of(at + "." + tag, "required", "definition.label.required"));
            } else if (label.length() > MAX_LENGTH) {
                problems.add(ValidationProblem.of(at + "." + tag, "maxLength", "field.text.max", MAX_LENGTH));
            }
        });
    }
}
