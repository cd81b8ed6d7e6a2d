package io.hilbridge.access;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OriginRuleTest {
    private final OriginRule policy = new OriginRule(Set.of("http://bridge.lan:8080"));

    @Test
    void sameOriginOnLoopbackOrIpHostsIsAllowed() {
        assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(policy.allows("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(policy.allows("http://LOCALHOST:8080/", "localhost:8080")).isTrue();
        assertThat(policy.allows("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(policy.allows("http://192.168.1.20", "192.168.1.20:80"))
                .as("default port")
                .isTrue();
        assertThat(policy.allows("https://10.0.0.1", "10.0.0.1:443")).isTrue();
    }

    @Test
    void otherOriginsAreRefused() {
        assertThat(policy.allows("http://evil.example", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080"))
                .as("other port")
                .isFalse();
        assertThat(policy.allows("null", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("file://", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://user@127.0.0.1:8080", "127.0.0.1:8080"))
                .isFalse();
    }

    @Test
    void dnsRebindingLooksSameOriginButIsRefused() {
        // evil.example re-pointed at 127.0.0.1: the browser sends Origin and Host both naming evil.example.
        assertThat(policy.allows("http://evil.example:8080", "evil.example:8080"))
                .isFalse();
        assertThat(policy.allows("http://1.2.3.4.evil.example:8080", "1.2.3.4.evil.example:8080"))
                .isFalse();
    }

    @Test
    void explicitlyAllowedOriginsPassWhateverTheHost() {
        assertThat(policy.allows("http://bridge.lan:8080", "bridge.lan:8080")).isTrue();
        assertThat(policy.allows("http://Bridge.LAN:8080/", "127.0.0.1:8080")).isTrue();
    }
}
