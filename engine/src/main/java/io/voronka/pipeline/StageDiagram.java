package io.voronka.pipeline;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Draws an inserted automation step on the model's diagram (BPMN DI), so the designer shows it:
 * a shape just below the step it runs before, the entering flows' edges bent to it, and an edge
 * from it on to that step (a task's branch to the right of its fork); and takes them off again
 * when the automation is removed. A model without a diagram stays without one.
 */
final class StageDiagram {

    private final Document document;

    StageDiagram(Document document) {
        this.document = document;
    }

    /** The size of a step's shape, as bpmn-js draws its kind. */
    enum Shape {
        TASK(100, 80), EVENT(36, 36), GATEWAY(50, 50);

        final double width;
        final double height;

        Shape(double width, double height) {
            this.width = width;
            this.height = height;
        }
    }

    void place(String stepId, String beforeId, List<Element> entering, String onwardFlowId, Shape kind) {
        Element before = shapeOf(beforeId);
        if (before == null) {
            return;
        }
        Element bounds = child(before, StageAutomations.DC, "Bounds");
        double x = number(bounds, "x");
        double y = number(bounds, "y");
        double height = number(bounds, "height");
        double width = kind.width;
        double tall = kind.height;
        double top = y + height + 40;
        shape(before, stepId, x, top, kind);
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
        edge(before, onwardFlowId, x + width / 2, top, x + width / 2, y + height);
    }

    /**
     * A task's own branch, drawn to the right of the fork that starts it: the task, then its end,
     * with the edges between them. Nothing when the fork has no shape (a model without a diagram).
     */
    void branch(String forkId, String taskId, String endId, String branchFlowId, String endFlowId) {
        Element fork = shapeOf(forkId);
        if (fork == null) {
            return;
        }
        Element bounds = child(fork, StageAutomations.DC, "Bounds");
        double x = number(bounds, "x") + Shape.GATEWAY.width + 40;
        double middle = number(bounds, "y") + Shape.GATEWAY.height / 2;
        shape(fork, taskId, x, middle - Shape.TASK.height / 2, Shape.TASK);
        double endX = x + Shape.TASK.width + 40;
        shape(fork, endId, endX, middle - Shape.EVENT.height / 2, Shape.EVENT);
        edge(fork, branchFlowId, x - 40, middle, x, middle);
        edge(fork, endFlowId, x + Shape.TASK.width, middle, endX, middle);
    }

    /** Takes the shapes and edges of the given elements off the diagram. */
    void forget(java.util.Collection<String> elementIds) {
        for (String kind : List.of("BPMNShape", "BPMNEdge")) {
            NodeList found = document.getElementsByTagNameNS(StageAutomations.DI, kind);
            for (int i = found.getLength() - 1; i >= 0; i--) {
                Element e = (Element) found.item(i);
                if (elementIds.contains(e.getAttribute("bpmnElement"))) {
                    e.getParentNode().removeChild(e);
                }
            }
        }
    }

    /** Bends the end of a flow's edge back to the left middle of {@code targetId}'s shape. */
    void reconnect(String flowId, String targetId) {
        Element edge = edgeOf(flowId);
        Element target = shapeOf(targetId);
        if (edge == null || target == null) {
            return;
        }
        List<Element> points = StageAutomations.children(edge, StageAutomations.DI, "waypoint");
        Element bounds = child(target, StageAutomations.DC, "Bounds");
        if (!points.isEmpty()) {
            points.getLast().setAttribute("x", format(number(bounds, "x")));
            points.getLast().setAttribute("y", format(number(bounds, "y") + number(bounds, "height") / 2));
        }
    }

    private void shape(Element like, String elementId, double x, double y, Shape kind) {
        Element bounds = child(like, StageAutomations.DC, "Bounds");
        Element shape = document.createElementNS(StageAutomations.DI, prefixed(like, "BPMNShape"));
        shape.setAttribute("id", elementId + "_di");
        shape.setAttribute("bpmnElement", elementId);
        Element box = document.createElementNS(StageAutomations.DC, prefixed(bounds, "Bounds"));
        box.setAttribute("x", format(x));
        box.setAttribute("y", format(y));
        box.setAttribute("width", format(kind.width));
        box.setAttribute("height", format(kind.height));
        shape.appendChild(box);
        like.getParentNode().appendChild(shape);
    }

    private void edge(Element like, String flowId, double fromX, double fromY, double toX, double toY) {
        Element edge = document.createElementNS(StageAutomations.DI, prefixed(like, "BPMNEdge"));
        edge.setAttribute("id", flowId + "_di");
        edge.setAttribute("bpmnElement", flowId);
        edge.appendChild(waypoint(like, fromX, fromY));
        edge.appendChild(waypoint(like, toX, toY));
        like.getParentNode().appendChild(edge);
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
