package io.voronka.process;

import java.util.List;
import java.util.Map;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.ExtensionElement;

/** Reads Voronka's own BPMN extension elements ({@code voronka:trigger}, {@code voronka:action}, ...). */
public final class Bpmn {

    public static final String NAMESPACE = "https://voronka.io/bpmn";

    private Bpmn() {
    }

    public static List<ExtensionElement> extensions(BaseElement element, String name) {
        Map<String, List<ExtensionElement>> all = element.getExtensionElements();
        List<ExtensionElement> found = all == null ? null : all.get(name);
        return found == null ? List.of() : found.stream()
                .filter(e -> e.getNamespace() == null || NAMESPACE.equals(e.getNamespace())).toList();
    }

    /**
     * The element's names in other languages, by lower-case language code: its
     * {@code <voronka:label lang="ru">Предложение</voronka:label>} elements (BPMN gives an element
     * one name). The first label of a language wins; blank ones say nothing.
     */
    public static Map<String, String> labels(BaseElement element) {
        Map<String, String> labels = new java.util.TreeMap<>();
        for (ExtensionElement label : extensions(element, "label")) {
            String lang = label.getAttributeValue(null, "lang");
            String text = label.getElementText() == null ? "" : label.getElementText().trim();
            if (lang != null && !lang.isBlank() && !text.isEmpty()) {
                labels.putIfAbsent(lang.trim().toLowerCase(java.util.Locale.ROOT), text);
            }
        }
        return Map.copyOf(labels);
    }

    public static String text(BaseElement element, String name) {
        List<ExtensionElement> found = extensions(element, name);
        return found.isEmpty() || found.getFirst().getElementText() == null ? null : found.getFirst().getElementText().trim();
    }
}
