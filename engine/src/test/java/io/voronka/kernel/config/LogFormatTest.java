package io.voronka.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's logging configuration (src/main/resources/logback.xml), as the jar ships it. */
class LogFormatTest {

    @Test
    void jsonLogsOneObjectPerEventWithTheStackTraceInside() throws Exception {
        List<String> lines = logThrough("json");
        assertThat(lines).hasSize(2);
        JsonObject info = new JsonObject(lines.get(0));
        assertThat(info.getString("level")).isEqualTo("INFO");
        assertThat(info.getLong("timestamp")).isPositive();
        assertThat(info.getString("loggerName")).isEqualTo("io.voronka.sample");
        assertThat(info.getString("formattedMessage")).isEqualTo("record 42 created");
        JsonObject error = new JsonObject(lines.get(1));
        assertThat(error.getString("level")).isEqualTo("ERROR");
        assertThat(error.getJsonObject("throwable").encode()).contains("IllegalStateException").contains("disk full")
                .contains("LogFormatTest");
    }

    @Test
    void textLogsOneLinePerEventWithTimeAndLevelAndFoldsStackTraces() throws Exception {
        List<String> lines = logThrough("text");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[.*] io\\.voronka\\.sample - record 42 created");
        assertThat(lines.get(1)).contains(" ERROR ").contains("write failed").contains("IllegalStateException: disk full")
                .contains(" | at io.voronka.kernel.config.LogFormatTest");
    }

    @Test
    void configurationRefusesAnUnknownFormat() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("log.format", "xml")))
                .hasMessageContaining("log.format");
        assertThat(ConfigLoader.fromMap(Map.of("log.format", "JSON")).logFormat()).isEqualTo("json");
    }

    private List<String> logThrough(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("voronka.log.format", format);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            Logger logger = context.getLogger("io.voronka.sample");
            logger.info("record {} created", 42);
            logger.error("write failed", new IllegalStateException("disk full"));
            context.stop();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
