package io.voronka.plugin.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.plugin.api.Action;
import io.voronka.plugin.api.ActionDefinition;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    @Test
    void engineFindsEmailSendThroughServiceLoader() {
        assertThat(ServiceLoader.load(Action.class).stream().map(ServiceLoader.Provider::type))
                .singleElement()
                .satisfies(type -> {
                    ActionDefinition definition = type.getAnnotation(ActionDefinition.class);
                    assertThat(definition.id()).isEqualTo("email.send");
                    assertThat(definition.input()).isEqualTo(SendEmail.Input.class);
                });
    }
}
