package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.PoolBudget;
import io.voronka.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.session.Configuration;
import org.flowable.engine.ProcessEngine;
import org.flowable.variable.api.history.HistoricVariableInstance;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Flowable's multi-row inserts built once per row count: each call still binds its own rows, a
 * statement of another shape keeps MyBatis's source, and on the node's engine the inserts of a
 * process's history are the templated ones and write what each instance was given.
 */
class BulkInsertTemplatesTest {

    private static final String MAPPER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "https://mybatis.org/dtd/mybatis-3-mapper.dtd">
            <mapper namespace="rows">
              <insert id="bulkInsertRow" parameterType="java.util.List">
                insert into ROWS (ID_, NAME_, AMOUNT_) values
                <foreach collection="list" item="row" index="i" separator=",">
                  (#{row.id, jdbcType=VARCHAR}, #{row.name, jdbcType=VARCHAR}, #{row.amount, jdbcType=DOUBLE})
                </foreach>
              </insert>
              <insert id="bulkInsertNamedRow" parameterType="java.util.List">
                insert into ROWS (ID_, NAME_) values
                <foreach collection="list" item="row" separator=",">
                  (#{row.id, jdbcType=VARCHAR}, <if test="row.name != null">#{row.name, jdbcType=VARCHAR}</if><if test="row.name == null">'none'</if>)
                </foreach>
              </insert>
            </mapper>
            """;

    public static final class Row {
        private final String id;
        private final String name;
        private final Double amount;

        Row(String id, String name, Double amount) {
            this.id = id;
            this.name = name;
            this.amount = amount;
        }

        public String getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public Double getAmount() {
            return amount;
        }
    }

    @Test
    void aLoopOverTheRowsIsBuiltOncePerCountAndEachCallBindsItsOwnRows() {
        Configuration templated = configuration();
        Configuration reference = configuration();

        assertThat(BulkInsertTemplates.apply(templated)).containsExactly("rows.bulkInsertRow");

        MappedStatement statement = templated.getMappedStatement("rows.bulkInsertRow");
        int call = 0;
        for (int count : new int[] {3, 1, 3, 2, 3, 3}) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                rows.add(new Row("row-" + call + "-" + i, i % 2 == 0 ? "Анна " + call : null, call * 10.0 + i));
            }
            call++;
            Object parameter = parameter(rows);
            BoundSql expected = reference.getMappedStatement("rows.bulkInsertRow").getBoundSql(parameter);
            BoundSql actual = statement.getBoundSql(parameter);

            assertThat(actual.getSql()).isEqualTo(expected.getSql());
            assertThat(values(templated, actual)).isEqualTo(values(reference, expected))
                    .hasSize(3 * count).contains("row-" + (call - 1) + "-0");
        }
        assertThat(((BulkInsertTemplates.Templated) statement.getSqlSource()).templates()).containsOnlyKeys(
                new BulkInsertTemplates.Key(3, Row.class), new BulkInsertTemplates.Key(1, Row.class),
                new BulkInsertTemplates.Key(2, Row.class));
    }

    @Test
    void aStatementWhoseTextDependsOnTheRowsKeepsMyBatisOwnSource() {
        Configuration configuration = configuration();
        BulkInsertTemplates.apply(configuration);

        assertThat(configuration.getMappedStatement("rows.bulkInsertNamedRow").getSqlSource())
                .isNotInstanceOf(BulkInsertTemplates.Templated.class);
    }

    @Test
    void theNodesEngineWritesEachInstancesOwnHistoryThroughTheTemplatedInserts() {
        try (TestDatabase testDatabase = TestDatabase.create()) {
            Database database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
            StandaloneProcessEngineConfiguration config = ProcessEngineFactory.configure(database, "bulk-insert",
                    new ProcessEngineFactory.JobLocks(Duration.ofMinutes(5), Duration.ofMinutes(1)), Map.of(),
                    new RuleSandbox(), PoolBudget.forPool(database.poolSize()));
            config.setAsyncExecutorActivate(false);
            // H2 nodes write a row per insert; here both databases take the multi-row path MariaDB nodes take.
            config.setBulkInsertEnabled(true);
            ProcessEngine engine = config.buildProcessEngine();
            try {
                assertThat(engine.getProcessEngineConfiguration().getSqlSessionFactory().getConfiguration()
                        .getMappedStatement("bulkInsertHistoricVariableInstance").getSqlSource())
                        .isInstanceOf(BulkInsertTemplates.Templated.class);
                engine.getRepositoryService().createDeployment().addString("ends.bpmn20.xml", """
                        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
                          <process id="ends" isExecutable="true">
                            <startEvent id="start"/>
                            <sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
                            <endEvent id="end"/>
                          </process>
                        </definitions>
                        """).deploy();

                Map<String, Map<String, Object>> given = new LinkedHashMap<>();
                for (int lead = 0; lead < 4; lead++) {
                    Map<String, Object> variables = new HashMap<>();
                    variables.put("name", "Лид " + lead);
                    variables.put("score", (long) lead * 7);
                    variables.put("budget", lead * 1000.5);
                    variables.put("consent", lead % 2 == 0);
                    if (lead == 3) {
                        variables.put("phone", "+79161234567"); // one more row: a second count
                    }
                    given.put(engine.getRuntimeService().startProcessInstanceByKey("ends", variables).getId(), variables);
                }

                given.forEach((instance, variables) -> {
                    Map<String, Object> written = new HashMap<>();
                    for (HistoricVariableInstance variable : engine.getHistoryService().createHistoricVariableInstanceQuery()
                            .processInstanceId(instance).list()) {
                        written.put(variable.getVariableName(), variable.getValue());
                    }
                    assertThat(written).as(instance).isEqualTo(variables);
                });
            } finally {
                engine.close();
                database.close();
            }
        }
    }

    private static Configuration configuration() {
        Configuration configuration = new Configuration();
        new XMLMapperBuilder(new ByteArrayInputStream(MAPPER.strip().getBytes(StandardCharsets.UTF_8)), configuration,
                "rows.xml", configuration.getSqlFragments()).parse();
        return configuration;
    }

    /** As MyBatis passes a list to a statement. */
    private static Object parameter(List<Row> rows) {
        Map<String, Object> named = new HashMap<>();
        named.put("list", rows);
        named.put("collection", rows);
        return named;
    }

    /** Each parameter's value, in order, as MyBatis's parameter handler reads it. */
    private static List<Object> values(Configuration configuration, BoundSql bound) {
        List<Object> values = new ArrayList<>();
        for (ParameterMapping mapping : bound.getParameterMappings()) {
            String property = mapping.getProperty();
            values.add(bound.hasAdditionalParameter(property) ? bound.getAdditionalParameter(property)
                    : MetaObject.forObject(bound.getParameterObject(), configuration.getObjectFactory(),
                    configuration.getObjectWrapperFactory(), configuration.getReflectorFactory()).getValue(property));
        }
        return values;
    }
}
