package io.voronka.process;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.BpmnModel;

/**
 * A BPMN document as an admin sent it: the exact bytes (stored and exported unchanged, whatever
 * modeler made them), Flowable's reading of it (for checks and deployment only, never written
 * back), and the BPMN elements in it that have a meaning Voronka does not execute. Flowable's
 * reader silently drops some of those (a complex gateway, a send task), so they are found by
 * reading the document itself. Parsed with DTDs and external entities off.
 */
public record BpmnDocument(byte[] bytes, BpmnModel model, List<Unsupported> unsupported, List<String> notExecutable) {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    static final String MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /** BPMN 2.0 elements with execution semantics Voronka does not run. */
    private static final Set<String> NOT_RUN = Set.of("sendTask", "businessRuleTask", "complexGateway",
            "transaction", "adHocSubProcess", "standardLoopCharacteristics", "compensateEventDefinition",
            "linkEventDefinition", "cancelEventDefinition", "callChoreography",
            "choreographyTask", "subChoreography", "globalScriptTask", "globalBusinessRuleTask");

    /** An element Voronka will not run: its id (or the nearest enclosing id) and its BPMN name. */
    public record Unsupported(String elementId, String element) {
    }

    /** Reads a document: 413 over 5 MB, 400 naming {@code body} when it is no well-formed UTF-8 XML, 422 when no BPMN. */
    public static BpmnDocument read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw DomainError.invalid("body", "maxLength", Message.of("import.bpmn.size", MAX_BYTES));
        }
        List<Unsupported> unsupported = new ArrayList<>();
        List<String> notExecutable = new ArrayList<>();
        scan(bytes, unsupported, notExecutable);
        BpmnModel model;
        try {
            model = new BpmnXMLConverter().convertToBpmnModel(reader(bytes, true));
        } catch (Exception e) {
            throw DomainError.invalid("body", "bpmn", Message.of("import.bpmn.unreadable"));
        }
        if (model.getProcesses().isEmpty()) {
            throw DomainError.invalid("body", "bpmn", Message.of("process.policy.no-process"));
        }
        return new BpmnDocument(bytes, model, List.copyOf(unsupported), List.copyOf(notExecutable));
    }

    /** The first process's id: the key its definitions are deployed under. */
    public String key() {
        return model.getProcesses().getFirst().getId();
    }

    public String name() {
        return model.getProcesses().getFirst().getName();
    }

    private static XMLStreamReader reader(byte[] bytes, boolean utf8) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return utf8 ? factory.createXMLStreamReader(in, "UTF-8") : factory.createXMLStreamReader(in);
    }

    /** One pass over the whole document: well-formed, UTF-8, BPMN at the root; what it holds that does not run. */
    private static void scan(byte[] bytes, List<Unsupported> unsupported, List<String> notExecutable) {
        Deque<String> ids = new ArrayDeque<>();
        try {
            XMLStreamReader xml = reader(bytes, false);
            String encoding = xml.getEncoding() == null ? xml.getCharacterEncodingScheme() : xml.getEncoding();
            if (encoding != null && !encoding.toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8")) {
                throw DomainError.malformed("body", "encoding", Message.of("import.bpmn.encoding", encoding));
            }
            boolean root = true;
            Message wrongRoot = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw DomainError.malformed("body", "xml", Message.of("import.bpmn.dtd"));
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String ns = xml.getNamespaceURI();
                    String name = xml.getLocalName();
                    if (root && !(MODEL_NS.equals(ns) && name.equals("definitions"))) {
                        wrongRoot = ns == null || ns.isEmpty() ? Message.of("import.bpmn.root", name, MODEL_NS)
                                : Message.of("import.bpmn.root.ns", name, ns, MODEL_NS);
                    }
                    root = false;
                    String id = xml.getAttributeValue(null, "id");
                    ids.push(id != null ? id : ids.isEmpty() ? "definitions" : ids.peek());
                    if (MODEL_NS.equals(ns) && NOT_RUN.contains(name)) {
                        unsupported.add(new Unsupported(ids.peek(), name));
                    }
                    if (MODEL_NS.equals(ns) && name.equals("process")
                            && "false".equals(xml.getAttributeValue(null, "isExecutable"))) {
                        notExecutable.add(ids.peek());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    ids.pop();
                }
            }
            if (wrongRoot != null) {
                throw DomainError.invalid("body", "bpmn", wrongRoot);
            }
        } catch (XMLStreamException e) {
            // the parser's own words (a library's) follow ours
            Message reason = Message.literal(firstLine(e.getMessage()));
            throw DomainError.malformed("body", "xml", e.getLocation() == null ? Message.of("import.bpmn.xml", reason)
                    : Message.of("import.bpmn.xml.at", e.getLocation().getLineNumber(), e.getLocation().getColumnNumber(), reason));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().filter(l -> !l.isBlank() && !l.startsWith("ParseError at")).findFirst()
                .orElse(message).trim();
        line = line.replaceAll("^Message: ", "");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
