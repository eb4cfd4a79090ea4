package io.voronka.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.process.Bpmn;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The stage automations of a model, found by the {@code <voronka:automation id kind stage/>} mark
 * every element an automation added carries: its flow nodes, with the flows that leave them, make
 * up the BPMN fragment it added. The first of them (the one a flow leaves the group from) is where
 * flows entering the stage now lead; removing the group leads them on to where it led.
 */
final class AutomationGroups {

    private static final String MARK = "automation";

    private AutomationGroups() {
    }

    /** Marks {@code node} as part of automation {@code id}. */
    static void mark(Document document, Element node, String id, StageAutomations.Automation automation) {
        Element extensions = StageAutomations.children(node, StageAutomations.BPMN, "extensionElements").stream().findFirst()
                .orElseGet(() -> {
                    Element created = StageAutomations.extensions(document, node);
                    node.insertBefore(created, node.getFirstChild());
                    return created;
                });
        Element mark = document.createElementNS(Bpmn.NAMESPACE, "voronka:" + MARK);
        mark.setAttribute("id", id);
        mark.setAttribute("kind", automation.kind());
        mark.setAttribute("stage", automation.stage());
        extensions.insertBefore(mark, extensions.getFirstChild());
    }

    /** Every marked automation of the document's processes, in document order. */
    static List<Group> of(Document document) {
        Map<String, Group> groups = new LinkedHashMap<>();
        NodeList marks = document.getElementsByTagNameNS(Bpmn.NAMESPACE, MARK);
        for (int i = 0; i < marks.getLength(); i++) {
            Element mark = (Element) marks.item(i);
            Element node = (Element) mark.getParentNode().getParentNode();
            groups.computeIfAbsent(mark.getAttribute("id"), id -> new Group(document, (Element) node.getParentNode(), id,
                    mark.getAttribute("kind"), mark.getAttribute("stage"))).nodes.add(node);
        }
        return List.copyOf(groups.values());
    }

    /** One automation: the nodes it added, in document order. */
    static final class Group {
        private final Document document;
        private final Element process;
        private final String id;
        private final String kind;
        private final String stage;
        private final List<Element> nodes = new ArrayList<>();

        private Group(Document document, Element process, String id, String kind, String stage) {
            this.document = document;
            this.process = process;
            this.id = id;
            this.kind = kind;
            this.stage = stage;
        }

        String id() {
            return id;
        }

        private Set<String> nodeIds() {
            Set<String> ids = new LinkedHashSet<>();
            nodes.forEach(n -> ids.add(n.getAttribute("id")));
            return ids;
        }

        private List<Element> flows() {
            return StageAutomations.children(process, StageAutomations.BPMN, "sequenceFlow").stream()
                    .filter(f -> nodeIds().contains(f.getAttribute("sourceRef"))).toList();
        }

        /** The flow that leaves the group: to the step the stage was entered at. */
        private Element onward() {
            return flows().stream().filter(f -> !nodeIds().contains(f.getAttribute("targetRef"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("automation " + id + " leads nowhere"));
        }

        /** The step named in the list: the one with the kind's own work (a task's task, not its fork). */
        private Element step() {
            return nodes.stream().filter(n -> n.getAttribute("id").equals(id)).findFirst().orElse(nodes.getFirst());
        }

        JsonObject toJson() {
            JsonArray elements = new JsonArray();
            StringBuilder fragment = new StringBuilder();
            for (Element element : concat(nodes, flows())) {
                elements.add(element.getAttribute("id"));
                fragment.append(text(element)).append('\n');
            }
            return new JsonObject().put("id", id).put("kind", kind).put("stage", stage)
                    .put("name", step().getAttribute("name")).put("before", onward().getAttribute("targetRef"))
                    .put("elements", elements).put("fragment", fragment.toString().strip());
        }

        /** Takes the group out: entering flows lead on to where it led; its elements, lane entries and shapes go. */
        void remove() {
            Set<String> ids = nodeIds();
            Element onward = onward();
            String target = onward.getAttribute("targetRef");
            String entry = onward.getAttribute("sourceRef");
            List<Element> own = flows();
            StageDiagram diagram = new StageDiagram(document);
            for (Element flow : StageAutomations.children(process, StageAutomations.BPMN, "sequenceFlow")) {
                if (entry.equals(flow.getAttribute("targetRef")) && !ids.contains(flow.getAttribute("sourceRef"))) {
                    flow.setAttribute("targetRef", target);
                    diagram.reconnect(flow.getAttribute("id"), target);
                }
            }
            Set<String> gone = new LinkedHashSet<>(ids);
            own.forEach(flow -> gone.add(flow.getAttribute("id")));
            own.forEach(flow -> process.removeChild(flow));
            nodes.forEach(node -> process.removeChild(node));
            NodeList refs = process.getElementsByTagNameNS(StageAutomations.BPMN, "flowNodeRef");
            for (int i = refs.getLength() - 1; i >= 0; i--) {
                if (ids.contains(refs.item(i).getTextContent().trim())) {
                    refs.item(i).getParentNode().removeChild(refs.item(i));
                }
            }
            diagram.forget(gone);
        }
    }

    private static List<Element> concat(List<Element> a, List<Element> b) {
        List<Element> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String text(Element element) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            // The namespaces the document declares once are repeated on a lone element: leave them out.
            return out.toString().replaceAll(" xmlns(:\\w+)?=\"[^\"]*\"", "");
        } catch (TransformerException e) {
            throw new IllegalStateException("an automation's element could not be written", e);
        }
    }
}
