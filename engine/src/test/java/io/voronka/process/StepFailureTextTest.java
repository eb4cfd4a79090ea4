package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepFailureTextTest {

    @Test
    void keepsAPlainReasonAndCutsTheExceptionClassInFrontOfIt() {
        assertThat(StepFailureText.forClient("email.send failed: Connection refused: localhost/127.0.0.1:2525"))
                .isEqualTo("email.send failed: Connection refused: localhost/127.0.0.1:2525");
        assertThat(StepFailureText.forClient(
                "io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:2525"))
                .isEqualTo("Connection refused: localhost/127.0.0.1:2525");
    }

    @Test
    void replacesTextThatStillNamesClassesOrFrames() {
        assertThat(StepFailureText.forClient("java.lang.NullPointerException: Cannot invoke \"io.voronka.record.RecordData.id()\""))
                .isEqualTo(StepFailureText.GENERIC);
        assertThat(StepFailureText.forClient("failed because org.flowable.common.engine.api.FlowableException was thrown"))
                .isEqualTo(StepFailureText.GENERIC);
        assertThat(StepFailureText.forClient("boom\n\tat io.voronka.plugin.PluginStep.execute(PluginStep.java:91)"))
                .isEqualTo("boom");
        assertThat(StepFailureText.forClient("SQLSyntaxErrorException: table missing")).isEqualTo(StepFailureText.GENERIC);
        assertThat(StepFailureText.forClient(null)).isEqualTo(StepFailureText.GENERIC);
        assertThat(StepFailureText.forClient("x".repeat(500))).isEqualTo(StepFailureText.GENERIC);
    }
}
