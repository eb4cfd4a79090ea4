package io.voronka.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.voronka.plugin.api.Input;
import io.voronka.plugin.email.SendEmail;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputBinderTest {

    record Charge(@Input(label = "Amount", required = true) Long amount,
                  @Input(label = "Currency", options = {"RUB", "USD"}) String currency,
                  @Input(label = "API key", secret = true) String apiKey) {
    }

    @Test
    void bindsAndConvertsValuesFromProcessVariables() {
        Charge charge = (Charge) InputBinder.bind(Charge.class, Map.of("amount", 1500.0, "currency", "RUB"));
        assertThat(charge.amount()).isEqualTo(1500L);
        assertThat(charge.currency()).isEqualTo("RUB");
        assertThat(charge.apiKey()).isNull();
    }

    @Test
    void namesEveryInputThatBreaksItsAnnotation() {
        assertThatThrownBy(() -> InputBinder.bind(Charge.class, Map.of("currency", "EUR", "extra", 1)))
                .isInstanceOf(InputBinder.InvalidInput.class)
                .satisfies(e -> assertThat(((InputBinder.InvalidInput) e).problems())
                        .extracting(p -> p.field() + ":" + p.rule())
                        .containsExactlyInAnyOrder("amount:required", "currency:enum", "extra:unknown"));
        assertThatThrownBy(() -> InputBinder.bind(SendEmail.Input.class,
                Map.of("to", "not an address", "subject", "Hi", "body", "Hello")))
                .isInstanceOf(InputBinder.InvalidInput.class).hasMessageContaining("to");
    }

    @Test
    void descriptorComesFromTheSameAnnotations() {
        PluginHost host = new PluginHost(Map.of()).discover(getClass().getClassLoader());
        JsonObject email = ActionDescriptor.of(host.find("email.send").orElseThrow());
        assertThat(email.getString("label")).isEqualTo("Send email");
        assertThat(email.getString("group")).isEqualTo("Messaging");
        assertThat(email.getJsonArray("inputs").stream().map(i -> ((JsonObject) i).getString("name")))
                .containsExactly("to", "subject", "body", "from");
        JsonObject to = email.getJsonArray("inputs").getJsonObject(0);
        assertThat(to.getBoolean("required")).isTrue();
        assertThat(to.getString("pattern")).isNotBlank();
    }
}
