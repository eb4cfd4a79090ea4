package io.voronka.process;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.config.VoronkaConfig;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.PoolBudget;
import io.voronka.testing.ChildNode;
import java.util.Map;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * A process engine node (configured as Voronka's) that starts one process whose async step never
 * returns, so its job stays locked by this node until the node is killed. Prints {@code HOLDING
 * <process instance id>} when the step runs and {@code READY} when the instance is started.
 */
public final class JobHolderNode {

    static final String PROCESS_KEY = "held-job";
    static final String BPMN = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                         targetNamespace="voronka-test">
              <process id="held-job" isExecutable="true">
                <startEvent id="start"/>
                <sequenceFlow id="toWork" sourceRef="start" targetRef="work"/>
                <serviceTask id="work" flowable:async="true" flowable:delegateExpression="${hold}"/>
                <sequenceFlow id="toEnd" sourceRef="work" targetRef="end"/>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;

    private JobHolderNode() {
    }

    public static void main(String[] args) {
        VoronkaConfig config = ConfigLoader.fromMap(ChildNode.keys(args));
        JavaDelegate holdForever = execution -> {
            System.out.println("HOLDING " + execution.getProcessInstanceId());
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding the job", e);
            }
        };
        ProcessEngine engine = build(Database.open(config, null), config, "doomed", holdForever);
        engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY);
        System.out.println("READY started");
        System.out.flush();
    }

    static ProcessEngine build(Database database, VoronkaConfig config, String nodeName, JavaDelegate step) {
        ProcessEngine engine = ProcessEngineFactory.build(database, nodeName,
                new ProcessEngineFactory.JobLocks(config.jobLockTime(), config.expiredJobsResetInterval()),
                Map.of("hold", step), new RuleSandbox(), PoolBudget.forPool(config.dbPoolSize()));
        if (engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY).count() == 0) {
            engine.getRepositoryService().createDeployment().addString("held-job.bpmn20.xml", BPMN).deploy();
        }
        return engine;
    }
}
