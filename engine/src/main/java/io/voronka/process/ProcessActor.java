package io.voronka.process;

import io.voronka.kernel.access.Actor;
import org.flowable.engine.delegate.DelegateExecution;

/**
 * Who a process acts as when its steps write records: {@code process:<key>}. History shows that
 * name, and a process's triggers recognise their own changes by it ({@link ProcessTriggers#startedByItself}).
 */
final class ProcessActor {

    private ProcessActor() {
    }

    static String name(String processKey) {
        return "process:" + processKey;
    }

    static Actor of(String processKey) {
        return Actor.system(name(processKey));
    }

    /** The actor of the process this step runs in (its definition id is {@code key:version:id}). */
    static Actor of(DelegateExecution execution) {
        return of(execution.getProcessDefinitionId().split(":")[0]);
    }
}
