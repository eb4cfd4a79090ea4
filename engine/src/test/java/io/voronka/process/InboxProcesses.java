package io.voronka.process;

/** Small BPMN documents the inbox and trigger tests deploy. */
final class InboxProcesses {

    private InboxProcesses() {
    }

    static String bpmn(String key, String trigger, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             xmlns:flowable="http://flowable.org/bpmn"
                             xmlns:voronka="https://voronka.io/bpmn"
                             targetNamespace="https://voronka.io/tests">
                  <process id="%s" name="%s" isExecutable="true">
                    <extensionElements>%s</extensionElements>
                    <startEvent id="start"/>
                    %s
                    <endEvent id="done"/>
                  </process>
                </definitions>
                """.formatted(key, key, trigger, body);
    }

    /** One user task between start and done. */
    static String userTask(String key, String trigger, String taskAttributes, String taskExtensions) {
        return bpmn(key, trigger, """
                <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
                <userTask id="work" name="Work %s" %s>
                  <extensionElements>%s</extensionElements>
                </userTask>
                <sequenceFlow id="f2" sourceRef="work" targetRef="done"/>
                """.formatted(key, taskAttributes, taskExtensions));
    }

    static String manualContact() {
        return "<voronka:trigger on=\"manual\" entity=\"contact\"/>";
    }
}
