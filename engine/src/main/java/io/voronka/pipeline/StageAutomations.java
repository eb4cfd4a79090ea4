package io.voronka.pipeline;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.process.Bpmn;
import io.voronka.process.ProcessModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Stage automations in the manner of Bitrix24's robots (send a message, create a task, wait, set a
 * field on entering a stage), each written into the model as a visible BPMN step: every flow that
 * enters the stage's lane from outside now passes the new step, which sits in that lane with its
 * own shape on the diagram. The result is a new draft revision of the model, checked and stored by
 * {@link ProcessModels} like any save; the admin opens it in the designer and deploys it.
 */
public final class StageAutomations {

    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String DI = "http://www.omg.org/spec/BPMN/20100524/DI";
    static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
    static final String FLOWABLE = "http://flowable.org/bpmn";

    /** What to add: its kind and the kind's settings. */
    public record Automation(String stage, String kind, Map<String, String> settings) {
    }

    private final ProcessModels models;

    public StageAutomations(ProcessModels models) {
        this.models = models;
    }

    /** Adds the automation to the newest revision of model {@code modelId}; answers the new revision and the step's id. */
    public JsonObject add(Actor actor, String modelId, Automation automation) {
        Document document = parse(models.xml(modelId, null));
        Element process = firstExecutable(document);
        Element lane = lane(process, automation.stage());
        List<String> inLane = new ArrayList<>();
        for (Element ref : children(lane, BPMN, "flowNodeRef")) {
            inLane.add(ref.getTextContent().trim());
        }
        List<String> starts = children(process, BPMN, "startEvent").stream().map(e -> e.getAttribute("id")).toList();
        Map<String, List<Element>> entering = new LinkedHashMap<>();
        for (Element flow : children(process, BPMN, "sequenceFlow")) {
            // From another lane, or from the start: a record enters its first stage when the process starts.
            String source = flow.getAttribute("sourceRef");
            if (inLane.contains(flow.getAttribute("targetRef")) && (!inLane.contains(source) || starts.contains(source))
                    && !joins(process, flow.getAttribute("targetRef"))) {
                entering.computeIfAbsent(flow.getAttribute("targetRef"), t -> new ArrayList<>()).add(flow);
            }
        }
        if (entering.isEmpty()) {
            throw DomainError.invalid("stage", "entry", "no flow enters stage '" + automation.stage() + "' from another stage");
        }
        List<String> steps = new ArrayList<>();
        for (Map.Entry<String, List<Element>> entry : entering.entrySet()) {
            String id = freeId(document, automation.kind() + "_" + entry.getKey());
            Element step = step(document, id, automation);
            process.insertBefore(step, firstFlow(process));
            Element ref = document.createElementNS(BPMN, lane.getPrefix() == null ? "flowNodeRef" : lane.getPrefix() + ":flowNodeRef");
            ref.setTextContent(id);
            lane.appendChild(ref);
            for (Element flow : entry.getValue()) {
                flow.setAttribute("targetRef", id);
            }
            Element onward = document.createElementNS(BPMN, qualified(process, "sequenceFlow"));
            onward.setAttribute("id", freeId(document, id + "_to_" + entry.getKey()));
            onward.setAttribute("sourceRef", id);
            onward.setAttribute("targetRef", entry.getKey());
            process.appendChild(onward);
            new StageDiagram(document).place(id, entry.getKey(), entry.getValue(), onward.getAttribute("id"),
                    "wait".equals(automation.kind()));
            steps.add(id);
        }
        ProcessModels.Model saved = models.save(actor, modelId, serialize(document));
        return new JsonObject().put("model", ProcessModels.toJson(saved)).put("steps", new io.vertx.core.json.JsonArray(steps));
    }

    /** A gateway where parallel branches meet: a branch arriving there is no record entering the stage. */
    private static boolean joins(Element process, String id) {
        boolean gateway = children(process, BPMN, "parallelGateway").stream().anyMatch(g -> id.equals(g.getAttribute("id")))
                || children(process, BPMN, "inclusiveGateway").stream().anyMatch(g -> id.equals(g.getAttribute("id")));
        return gateway && children(process, BPMN, "sequenceFlow").stream().filter(f -> id.equals(f.getAttribute("targetRef"))).count() > 1;
    }

    private static Element step(Document document, String id, Automation automation) {
        Map<String, String> s = automation.settings();
        Element step;
        switch (automation.kind()) {
            case "message" -> {
                step = bpmn(document, "serviceTask", id, text(s, "name", "Send a message"));
                step.setAttributeNS(FLOWABLE, "flowable:async", "true");
                step.setAttributeNS(FLOWABLE, "flowable:delegateExpression", "${pluginAction}");
                Element extensions = extensions(document, step);
                voronka(document, extensions, "action", null, text(s, "action", "email.send"));
                voronka(document, extensions, "input", "to", required(s, "to"));
                voronka(document, extensions, "input", "subject", required(s, "subject"));
                voronka(document, extensions, "input", "body", required(s, "body"));
            }
            case "task" -> {
                step = bpmn(document, "userTask", id, required(s, "name"));
                step.setAttributeNS(FLOWABLE, "flowable:candidateGroups", text(s, "candidateGroups", "manager"));
            }
            case "wait" -> {
                String duration = required(s, "duration");
                try {
                    Duration.parse(duration);
                } catch (java.time.format.DateTimeParseException e) {
                    throw DomainError.invalid("duration", "format", "an ISO-8601 duration such as P1D or PT4H");
                }
                step = bpmn(document, "intermediateCatchEvent", id, text(s, "name", "Wait " + duration));
                Element timer = document.createElementNS(BPMN, qualified(document.getDocumentElement(), "timerEventDefinition"));
                Element value = document.createElementNS(BPMN, qualified(document.getDocumentElement(), "timeDuration"));
                value.setTextContent(duration);
                timer.appendChild(value);
                step.appendChild(timer);
            }
            case "field" -> {
                String field = required(s, "field");
                if (!field.matches("^[a-z][a-z0-9_]{0,62}$")) {
                    throw DomainError.invalid("field", "format", "a field name: lower-case letters, digits and _");
                }
                step = bpmn(document, "serviceTask", id, text(s, "name", "Set " + field));
                step.setAttributeNS(FLOWABLE, "flowable:delegateExpression", "${updateRecord}");
                voronka(document, extensions(document, step), "input", field, required(s, "value"));
            }
            default -> throw DomainError.invalid("kind", "enum", "must be message, task, wait or field");
        }
        return step;
    }

    private static Element bpmn(Document document, String name, String id, String label) {
        Element element = document.createElementNS(BPMN, qualified(document.getDocumentElement(), name));
        element.setAttribute("id", id);
        element.setAttribute("name", label);
        return element;
    }

    private static Element extensions(Document document, Element step) {
        Element extensions = document.createElementNS(BPMN, qualified(document.getDocumentElement(), "extensionElements"));
        step.appendChild(extensions);
        return extensions;
    }

    private static void voronka(Document document, Element extensions, String name, String inputName, String text) {
        Element element = document.createElementNS(Bpmn.NAMESPACE, "voronka:" + name);
        if (inputName != null) {
            element.setAttribute("name", inputName);
        }
        element.setTextContent(text);
        extensions.appendChild(element);
    }

    /** The element name with the prefix the document uses for BPMN (none when BPMN is its default namespace). */
    private static String qualified(Element context, String name) {
        String prefix = context.lookupPrefix(BPMN);
        return prefix == null ? name : prefix + ":" + name;
    }

    private static String required(Map<String, String> settings, String name) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            throw DomainError.invalid(name, "required", name + " is required for this automation");
        }
        if (value.length() > 4000) {
            throw DomainError.invalid(name, "maxLength", "at most 4000 characters");
        }
        return value;
    }

    private static String text(Map<String, String> settings, String name, String fallback) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? fallback : required(settings, name);
    }

    private static Element firstExecutable(Document document) {
        Element first = null;
        for (Element process : children(document.getDocumentElement(), BPMN, "process")) {
            if (!"false".equals(process.getAttribute("isExecutable"))) {
                return process;
            }
            first = first == null ? process : first;
        }
        if (first == null) {
            throw DomainError.invalid("body", "bpmn", "the model has no process");
        }
        return first;
    }

    /** The lane whose stage key ({@code voronka:stage key}, else its id) is {@code stage}. */
    private static Element lane(Element process, String stage) {
        if (stage == null || stage.isBlank()) {
            throw DomainError.invalid("stage", "required", "name the stage (the lane's stage key or id)");
        }
        NodeList lanes = process.getElementsByTagNameNS(BPMN, "lane");
        for (int i = 0; i < lanes.getLength(); i++) {
            Element lane = (Element) lanes.item(i);
            String key = lane.getAttribute("id");
            NodeList marks = lane.getElementsByTagNameNS(Bpmn.NAMESPACE, "stage");
            if (marks.getLength() > 0) {
                Element mark = (Element) marks.item(0);
                String marked = mark.getAttribute("key").isBlank() ? mark.getTextContent().trim() : mark.getAttribute("key");
                key = marked.isBlank() ? key : marked;
            }
            if (key.equals(stage)) {
                return lane;
            }
        }
        throw DomainError.invalid("stage", "exists", "the model has no stage '" + stage + "'");
    }

    private static Node firstFlow(Element process) {
        List<Element> flows = children(process, BPMN, "sequenceFlow");
        return flows.isEmpty() ? null : flows.getFirst();
    }

    static List<Element> children(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static String freeId(Document document, String wanted) {
        String base = wanted.replaceAll("[^A-Za-z0-9_-]", "_");
        String id = base;
        for (int n = 2; hasId(document, id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private static boolean hasId(Document document, String id) {
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            if (id.equals(((Element) all.item(i)).getAttribute("id"))) {
                return true;
            }
        }
        return false;
    }

    /** The stored model, read without DTDs or external entities (it was checked so when saved). */
    private static Document parse(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw DomainError.invalid("body", "xml", "the model is not well-formed XML: " + e.getMessage());
        }
    }

    private static byte[] serialize(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("the model could not be written back", e);
        }
    }
}
