package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.testing.ApiClient;

/** Small BPMN documents the inbox and trigger tests deploy. */
final class InboxProcesses {

    private InboxProcesses() {
    }

    /** Deploys a document over the API: 201 a new version, 200 the same document again. */
    static void deploy(ApiClient admin, String xml) {
        ApiClient.Response r = admin.send("POST", "/api/v1/process-definitions", xml, "application/xml");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
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
