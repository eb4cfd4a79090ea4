package io.voronka.process;

import io.voronka.kernel.storage.Database;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A shipped process on its own (Flowable's engine, milliseconds per test): the real record steps
 * run over the shipped forms on the test's database, so filters are real SQL; plugin steps (the
 * emails) are recorded, not sent.
 */
@ExtendWith(BpmnUnit.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShippedProcessTest implements BpmnUnit.Steps {

    protected final RecordingStep pluginAction = new RecordingStep();
    protected ShippedRecords shipped;
    protected Database database;

    @Override
    public void database(Database database) {
        this.database = database;
        shipped = new ShippedRecords(database);
    }

    @Override
    public Map<String, Object> steps() {
        Map<String, Object> steps = new HashMap<>(shipped.steps());
        steps.put("pluginAction", pluginAction);
        return steps;
    }

    @BeforeEach
    void forgetEarlierPluginCalls() {
        pluginAction.calls().clear();
    }
}
