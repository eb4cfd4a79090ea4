package io.voronka.plugin;

/**
 * The process the step tests deploy: started by a created contact, an async email step to the
 * contact's address, then whatever the test puts after it (from the step, whose id is {@code send}).
 */
final class EmailStepProcess {

    private EmailStepProcess() {
    }

    static String emailThen(String id, String name, String subject, String body, String after) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             xmlns:voronka="https://voronka.io/bpmn" targetNamespace="test">
                  <process id="%s" name="%s" isExecutable="true">
                    <extensionElements><voronka:trigger entity="contact" on="created"/></extensionElements>
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="send"/>
                    <serviceTask id="send" flowable:async="true" flowable:delegateExpression="${pluginAction}">
                      <extensionElements>
                        <voronka:action>email.send</voronka:action>
                        <voronka:input name="to">${email}</voronka:input>
                        <voronka:input name="subject">%s</voronka:input>
                        <voronka:input name="body">%s</voronka:input>
                      </extensionElements>
                    </serviceTask>
                %s  </process>
                </definitions>
                """.formatted(id, name, subject, body, after);
    }
}
