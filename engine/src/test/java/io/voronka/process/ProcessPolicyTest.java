package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.form.FormCatalog;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntityRuleSchema;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import io.voronka.record.RecordStore;
import io.voronka.record.RecordValidation;
import java.util.Map;
import org.jooq.SQLDialect;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BPMN is held to the rule language: no scripts, no classes, no JUEL reaching into Java. */
class ProcessPolicyTest {

    static final RuleSandbox SANDBOX = new RuleSandbox();
    static final Map<String, String> FORMS = ContentFolder.read(null, "forms");
    static final EntityCatalog CATALOG = EntityCatalog.load(FORMS, SANDBOX);
    static final FormCatalog TASK_FORMS = FormCatalog.load(FORMS,
            new RecordValidation(() -> CATALOG, new FieldValues("RU"), (connection, user) -> true, new RecordStore(SQLDialect.H2)));
    static final ProcessPolicy POLICY = new ProcessPolicy(SANDBOX, Set.of("pluginAction", "createRecord", "roundRobin",
            "leastLoaded", "updateRecord", "startForEach", "linkedValue"),
            entity -> CATALOG.find(entity).map(e -> CATALOG.ruleSchema(e, false)),
            key -> TASK_FORMS.find(key).map(f -> EntityRuleSchema.ofFields(f.key(), f.fields())));

    static String process(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             xmlns:flowable="http://flowable.org/bpmn" xmlns:voronka="https://voronka.io/bpmn"
                             targetNamespace="test">
                  <process id="p" isExecutable="true">
                    <extensionElements><voronka:trigger entity="contact" on="created"/></extensionElements>
                    <startEvent id="start"/>
                    %s
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """.formatted(body);
    }

    static String flowTo(String element, String id) {
        return "<sequenceFlow id=\"in\" sourceRef=\"start\" targetRef=\"" + id + "\"/>" + element
                + "<sequenceFlow id=\"out\" sourceRef=\"" + id + "\" targetRef=\"end\"/>";
    }

    @Test
    void acceptsTheShippedProcesses() {
        ContentFolder.read(null, "process-definitions").forEach((file, xml) -> POLICY.check(file, xml));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "<scriptTask id='s' scriptFormat='groovy'><script>Runtime.getRuntime().exec('id')</script></scriptTask>|s|script tasks are not allowed",
            "<serviceTask id='s' flowable:class='java.lang.ProcessBuilder'/>|s|Java classes and method expressions are not allowed",
            "<serviceTask id='s' flowable:expression='${execution.getClass()}'/>|s|Java classes and method expressions",
            "<serviceTask id='s' flowable:delegateExpression='${execution}'/>|s|names no Voronka step",
            "<serviceTask id='s' flowable:type='shell'/>|s|type 'shell' are not allowed",
            "<serviceTask id='s' flowable:type='http'/>|s|Voronka does not run http service task",
            "<businessRuleTask id='s'/>|s|Voronka does not run business rule task",
            "<userTask id='s'><extensionElements><flowable:taskListener event='create' class='java.lang.Thread'/></extensionElements></userTask>|s|a listener must name a Voronka step",
            "<userTask id='s'><extensionElements><flowable:executionListener event='start' expression='${runtime.exec()}'/></extensionElements></userTask>|s|a listener must name",
            "<userTask id='s' flowable:assignee='${execution.getProcessEngineServices()}'/>|s|unknown name 'execution'",
            "<userTask id='s' flowable:assignee='${T(java.lang.Runtime).getRuntime()}'/>|s|the assignee '${T(java.lang.Runtime).getRuntime()}': line 1",
    })
    void refusesCodeExecution(String element, String id, String reason) {
        String xml = process(flowTo(element.replace('\'', '"'), id));
        assertThatThrownBy(() -> POLICY.check("bad.bpmn20.xml", xml))
                .isInstanceOf(ProcessRejected.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((ProcessRejected) e).describe()).startsWith("bad.bpmn20.xml: element '" + id + "'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "${execution.getVariable('x') == 1}                    | unknown name 'execution'",
            "${''.getClass().forName('java.lang.Runtime') != null}  | unknown function 'getClass'",
            "${warmht == 'hot'}                                     | unknown name 'warmht'",
            "${warmth}                                              | must be true or false",
            "${budget > 'abc'}                                      | cannot order a number and a text",
            "#{System.exit(0) == 0}                                 | unknown name 'System'",
    })
    void refusesConditionsOutsideTheRuleLanguage(String condition, String reason) {
        String xml = process("""
                <sequenceFlow id="c" sourceRef="start" targetRef="end">
                  <conditionExpression xsi:type="tFormalExpression"><![CDATA[%s]]></conditionExpression>
                </sequenceFlow>""".formatted(condition.trim()));
        assertThatThrownBy(() -> POLICY.check("bad.bpmn20.xml", xml))
                .isInstanceOf(ProcessRejected.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((ProcessRejected) e).element()).isEqualTo("c"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "on='sometimes' entity='contact'                       | on=\"sometimes\" is not one of   | on=\"sometimes\" у триггера — не одно из значений",
            "on='updated'                                          | a trigger on updated names its entity | триггер on=\"updated\" должен назвать сущность",
            "on='changed' entity='contact'                         | a trigger on changed names the field | должен назвать поле (field)",
            "on='schedule' every='PT10S'                           | needs every=\"PT1H\"           | не меньше минуты",
            "on='webhook' key='Site Form'                          | needs key=\"site-form\"        | строчные латинские буквы",
            "on='webhook' key='form' fields='name,1st'             | field '1st' is not a variable name | поле вебхука '1st' — не имя переменной",
            "on='created' entity='contact' signal='go'             | a trigger on created cannot have signal=\"go\" | у триггера on=\"created\" не может быть signal=\"go\"",
            "on='webhook' key='form' signal='go' message='m'       | not both: drop message=\"m\" or signal=\"go\" | уберите message=\"m\" или signal=\"go\"",
    })
    void refusesAMalformedTriggerInTheReadersLanguage(String attributes, String english, String russian) {
        String xml = process("<sequenceFlow id=\"f\" sourceRef=\"start\" targetRef=\"end\"/>").replace(
                "<voronka:trigger entity=\"contact\" on=\"created\"/>", "<voronka:trigger " + attributes.trim().replace('\'', '"') + "/>");
        assertThatThrownBy(() -> POLICY.check("bad.bpmn20.xml", xml))
                .isInstanceOf(ProcessRejected.class)
                .satisfies(e -> {
                    ProcessRejected rejected = (ProcessRejected) e;
                    assertThat(rejected.kind()).isEqualTo("trigger");
                    assertThat(rejected.text().in(java.util.Locale.ENGLISH)).contains(english.trim());
                    assertThat(rejected.text().in(java.util.Locale.forLanguageTag("ru"))).contains(russian.trim());
                });
    }

    @Test
    void acceptsConditionsOverRecordFieldsFormFieldsAndStepResults() {
        String xml = process("""
                <userTask id="callLead" flowable:formKey="call-lead"/>
                <sequenceFlow id="a" sourceRef="start" targetRef="callLead">
                  <conditionExpression xsi:type="tFormalExpression">${score >= 70 &amp;&amp; daysSince(birth_date) > 0}</conditionExpression>
                </sequenceFlow>
                <sequenceFlow id="b" sourceRef="callLead" targetRef="end">
                  <conditionExpression xsi:type="tFormalExpression">${outcome == 'qualified' &amp;&amp; callLeadCompletedBy != null}</conditionExpression>
                </sequenceFlow>""");
        POLICY.check("ok.bpmn20.xml", xml);
    }

    @Test
    void aNodeRefusesToStartWithAProcessItWillNotRun() throws Exception {
        Path dir = Files.createTempDirectory("voronka-processes-");
        Files.writeString(dir.resolve("evil.bpmn20.xml"), process(flowTo(
                "<scriptTask id=\"pwn\" scriptFormat=\"javascript\"><script>java.lang.System.exit(1)</script></scriptTask>", "pwn")));
        try {
            assertThatThrownBy(() -> TestServer.start(Map.of("processes.dir", dir.toString())).close())
                    .hasMessageContaining("evil.bpmn20.xml: element 'pwn'");
        } finally {
            Files.deleteIfExists(dir.resolve("evil.bpmn20.xml"));
            Files.deleteIfExists(dir);
        }
    }
}
