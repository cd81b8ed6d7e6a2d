package io.hilbridge.mqtt;

import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.LightChange;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever arrives on a set topic is either a change or a refusal with a stable code; nothing else escapes. */
class HaLightJsonPropertiesTest {
    private static final Set<String> CODES = Set.of("bad_request", "out_of_range", "too_large");

    private static void changeOrNamedRefusal(byte[] payload) {
        try {
            LightChange c = HaLightJson.command(payload);
            assertThat(c.isEmpty()).isFalse();
        } catch (CommandException e) {
            assertThat(CODES).contains(e.apiCode());
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void anyBytes(@ForAll byte[] payload) {
        changeOrNamedRefusal(payload);
    }

    @Property(tries = 1000)
    void commandShapedObjects(@ForAll("commands") String payload) {
        changeOrNamedRefusal(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> commands() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 100000).map(String::valueOf),
                Arbitraries.doubles().between(-10, 100).map(String::valueOf),
                Arbitraries.of(
                        "\"ON\"",
                        "\"OFF\"",
                        "\"on\"",
                        "true",
                        "null",
                        "[]",
                        "{}",
                        "\"blink\"",
                        "\"disco\"",
                        "1e400",
                        "-0",
                        "99999999999999999999"),
                Arbitraries.integers()
                        .between(-5, 300)
                        .list()
                        .ofSize(3)
                        .map(l -> "{\"r\":" + l.get(0) + ",\"g\":" + l.get(1) + ",\"b\":" + l.get(2) + "}"));
        Arbitrary<String> key =
                Arbitraries.of("state", "brightness", "color", "transition", "effect", "color_mode", "flash", "");
        return Arbitraries.maps(key, value).ofMaxSize(5).map(m -> {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "")
                    .append('"')
                    .append(k)
                    .append("\":")
                    .append(v));
            return sb.append('}').toString();
        });
    }
}
