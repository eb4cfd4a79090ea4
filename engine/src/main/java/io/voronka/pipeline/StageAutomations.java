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
import java.util.Optional;
import java.util.function.Function;
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
 * own shape on the diagram. A task is created on a parallel branch of its own (a fork, the task, an
 * end), so the stage's flow does not wait for it. Each element added carries
 * {@code <voronka:automation id kind stage/>}, which is how they are listed and taken out again
 * ({@link AutomationGroups}). The result is a new draft revision of the model, checked and stored
 * by {@link ProcessModels} like any save; the admin opens it in the designer and deploys it.
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
    private final Function<String, byte[]> deployedXml;

    /** {@code deployedXml}: the document the newest version of a process key was deployed from (404 when none). */
    public StageAutomations(ProcessModels models, Function<String, byte[]> deployedXml) {
        this.models = models;
        this.deployedXml = deployedXml;
    }

    /**
     * A pipeline's automations: those of the model the admin edits for it (the newest saved with
     * the process's key), or of the deployed version while no model exists yet.
     */
    public JsonObject ofPipeline(String processKey, java.util.Locale language) {
        Optional<ProcessModels.Model> model = modelOf(processKey);
        Document document = parse(model.map(m -> models.xml(m.id(), null)).orElseGet(() -> deployedXml.apply(processKey)));
        io.vertx.core.json.JsonArray automations = new io.vertx.core.json.JsonArray();
        AutomationGroups.of(document).forEach(g -> automations.add(g.toJson()));
        return new JsonObject().put("model", model.map(m -> ProcessModels.toJson(m, language)).orElse(null)).put("automations", automations);
    }

    /** The model a pipeline's automations go into: the newest saved for its key, else a new one from the deployed version. */
    public String modelFor(Actor actor, String processKey) {
        return modelOf(processKey).map(ProcessModels.Model::id)
                .orElseGet(() -> models.save(actor, null, deployedXml.apply(processKey)).id());
    }

    private Optional<ProcessModels.Model> modelOf(String processKey) {
        return models.list().stream().filter(m -> processKey.equals(m.key()))
                .max(java.util.Comparator.comparing(ProcessModels.Model::savedAt));
    }

    /** Adds the automation to the newest revision of model {@code modelId}; answers the new revision and the step's id. */
    public JsonObject add(Actor actor, String modelId, Automation automation, java.util.Locale language) {
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
            // A task is a branch of its own: the stage's flow goes on while the task waits in the inbox.
            Element first = "task".equals(automation.kind())
                    ? bpmn(document, "parallelGateway", freeId(document, id + "_fork"), "Task and onwards") : step;
            List<Element> nodes = first == step ? List.of(step)
                    : List.of(first, step, bpmn(document, "endEvent", freeId(document, id + "_done"), "Task created"));
            for (Element node : nodes) {
                AutomationGroups.mark(document, node, id, automation);
                process.insertBefore(node, firstFlow(process));
                Element ref = document.createElementNS(BPMN, lane.getPrefix() == null ? "flowNodeRef" : lane.getPrefix() + ":flowNodeRef");
                ref.setTextContent(node.getAttribute("id"));
                lane.appendChild(ref);
            }
            for (Element flow : entry.getValue()) {
                flow.setAttribute("targetRef", first.getAttribute("id"));
            }
            Element onward = flow(document, process, first.getAttribute("id") + "_to_" + entry.getKey(), first.getAttribute("id"),
                    entry.getKey());
            StageDiagram diagram = new StageDiagram(document);
            diagram.place(first.getAttribute("id"), entry.getKey(), entry.getValue(), onward.getAttribute("id"),
                    first != step ? StageDiagram.Shape.GATEWAY : "wait".equals(automation.kind()) ? StageDiagram.Shape.EVENT
                            : StageDiagram.Shape.TASK);
            if (first != step) {
                String done = nodes.getLast().getAttribute("id");
                Element branch = flow(document, process, id + "_branch", first.getAttribute("id"), id);
                Element ended = flow(document, process, id + "_to_done", id, done);
                diagram.branch(first.getAttribute("id"), id, done, branch.getAttribute("id"), ended.getAttribute("id"));
            }
            steps.add(id);
        }
        ProcessModels.Model saved = models.save(actor, modelId, serialize(document));
        return new JsonObject().put("model", ProcessModels.toJson(saved, language)).put("steps", new io.vertx.core.json.JsonArray(steps));
    }

    /** The automations in the newest revision of model {@code modelId}, each with the BPMN it added. */
    public List<JsonObject> list(String modelId) {
        return AutomationGroups.of(parse(models.xml(modelId, null))).stream().map(AutomationGroups.Group::toJson).toList();
    }

    /**
     * Takes automation {@code automationId} out of the newest revision of model {@code modelId}: its
     * elements, their lane entries and shapes go, and the flows that entered it lead where it led.
     * Answers the new revision.
     */
    public JsonObject remove(Actor actor, String modelId, String automationId, java.util.Locale language) {
        Document document = parse(models.xml(modelId, null));
        AutomationGroups.Group group = AutomationGroups.of(document).stream().filter(g -> g.id().equals(automationId))
                .findFirst().orElseThrow(() -> DomainError.notFound("automation " + automationId));
        group.remove();
        return new JsonObject().put("model", ProcessModels.toJson(models.save(actor, modelId, serialize(document)), language));
    }

    private static Element flow(Document document, Element process, String wantedId, String source, String target) {
        Element flow = document.createElementNS(BPMN, qualified(process, "sequenceFlow"));
        flow.setAttribute("id", freeId(document, wantedId));
        flow.setAttribute("sourceRef", source);
        flow.setAttribute("targetRef", target);
        process.appendChild(flow);
        return flow;
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

    static Element bpmn(Document document, String name, String id, String label) {
        Element element = document.createElementNS(BPMN, qualified(document.getDocumentElement(), name));
        element.setAttribute("id", id);
        element.setAttribute("name", label);
        return element;
    }

    static Element extensions(Document document, Element step) {
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
    static String qualified(Element context, String name) {
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
    static Document parse(byte[] bytes) {
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

    static byte[] serialize(Document document) {
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
