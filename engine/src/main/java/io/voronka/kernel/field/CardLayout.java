package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a record's card shows its fields: sections in order, each with a title, one or two columns and its fields. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CardLayout(List<Section> sections) {

    public CardLayout {
        sections = sections == null ? List.of() : List.copyOf(sections);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Section(String title, Integer columns, List<String> fields,
                          /** The title in other languages, by language tag (see {@link Labels}). */
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {
        public Section {
            fields = fields == null ? List.of() : List.copyOf(fields);
            labels = Labels.copy(labels);
        }

        public Section(String title, Integer columns, List<String> fields) {
            this(title, columns, fields, null);
        }
    }

    /**
     * {@code layout} with every field it does not place in a last, untitled section, so no field
     * is out of reach on the card; without a layout, all fields in one section of one column.
     */
    static CardLayout completed(CardLayout layout, List<String> fieldNames) {
        List<Section> sections = new ArrayList<>(layout == null ? List.of() : layout.sections());
        Set<String> placed = new LinkedHashSet<>();
        sections.forEach(s -> placed.addAll(s.fields()));
        List<String> rest = fieldNames.stream().filter(f -> !placed.contains(f)).toList();
        if (!rest.isEmpty() || sections.isEmpty()) {
            sections.add(new Section(null, 1, rest));
        }
        return new CardLayout(sections);
    }
}
