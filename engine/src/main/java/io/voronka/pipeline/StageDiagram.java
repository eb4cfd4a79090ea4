package io.voronka.pipeline;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Draws an inserted automation step on the model's diagram (BPMN DI), so the designer shows it:
 * a shape just below the step it runs before, the entering flows' edges bent to it, and an edge
 * from it on to that step. A model without a diagram stays without one.
 */
final class StageDiagram {

    private final Document document;

    StageDiagram(Document document) {
        this.document = document;
    }

    void place(String stepId, String beforeId, List<Element> entering, String onwardFlowId, boolean event) {
        Element before = shapeOf(beforeId);
        if (before == null) {
            return;
        }
        Element bounds = child(before, StageAutomations.DC, "Bounds");
        double x = number(bounds, "x");
        double y = number(bounds, "y");
        double height = number(bounds, "height");
        double width = event ? 36 : 100;
        double tall = event ? 36 : 80;
        double top = y + height + 40;
        Element plane = (Element) before.getParentNode();
        Element shape = document.createElementNS(StageAutomations.DI, prefixed(before, "BPMNShape"));
        shape.setAttribute("id", stepId + "_di");
        shape.setAttribute("bpmnElement", stepId);
        Element box = document.createElementNS(StageAutomations.DC, prefixed(bounds, "Bounds"));
        box.setAttribute("x", format(x));
        box.setAttribute("y", format(top));
        box.setAttribute("width", format(width));
        box.setAttribute("height", format(tall));
        shape.appendChild(box);
        plane.appendChild(shape);
        for (Element flow : entering) {
            Element edge = edgeOf(flow.getAttribute("id"));
            if (edge != null) {
                List<Element> points = StageAutomations.children(edge, StageAutomations.DI, "waypoint");
                if (!points.isEmpty()) {
                    Element last = points.getLast();
                    last.setAttribute("x", format(x));
                    last.setAttribute("y", format(top + tall / 2));
                }
            }
        }
        Element edge = document.createElementNS(StageAutomations.DI, prefixed(before, "BPMNEdge"));
        edge.setAttribute("id", onwardFlowId + "_di");
        edge.setAttribute("bpmnElement", onwardFlowId);
        edge.appendChild(waypoint(before, x + width / 2, top));
        edge.appendChild(waypoint(before, x + width / 2, y + height));
        plane.appendChild(edge);
    }

    private Element waypoint(Element context, double x, double y) {
        Element point = document.createElementNS(StageAutomations.DI, prefixed(context, "waypoint"));
        point.setAttribute("x", format(x));
        point.setAttribute("y", format(y));
        return point;
    }

    private Element shapeOf(String elementId) {
        return byElement("BPMNShape", elementId);
    }

    private Element edgeOf(String flowId) {
        return byElement("BPMNEdge", flowId);
    }

    private Element byElement(String kind, String elementId) {
        NodeList found = document.getElementsByTagNameNS(StageAutomations.DI, kind);
        for (int i = 0; i < found.getLength(); i++) {
            Element e = (Element) found.item(i);
            if (elementId.equals(e.getAttribute("bpmnElement"))) {
                return e;
            }
        }
        return null;
    }

    private static Element child(Element parent, String namespace, String name) {
        List<Element> found = StageAutomations.children(parent, namespace, name);
        return found.isEmpty() ? parent : found.getFirst();
    }

    private static double number(Element element, String attribute) {
        try {
            return Double.parseDouble(element.getAttribute(attribute));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String prefixed(Element like, String name) {
        return like.getPrefix() == null ? name : like.getPrefix() + ":" + name;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
