package io.hilbridge.access;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostRuleTest {
    @Test
    void theHostPartOfAHostHeaderKeepsIpv6Brackets() {
        assertThat(HostRule.hostName("[::1]:80")).isEqualTo("[::1]");
        assertThat(HostRule.hostName("example.com")).isEqualTo("example.com");
    }

    @Test
    void onLoopbackOnlyThisMachinesNamesAndAllowedOriginsHostsPass() {
        HostRule rule = new HostRule("127.0.0.1", Set.of("http://dash.example:3000"));
        assertThat(rule.allows("localhost:8080")).isTrue();
        assertThat(rule.allows("app.localhost:8080")).isTrue();
        assertThat(rule.allows("127.0.0.2")).isTrue();
        assertThat(rule.allows("[::1]:8080")).isTrue();
        assertThat(rule.allows("dash.example:8080")).isTrue();
        assertThat(rule.allows(null)).as("HTTP/1.0 without Host").isTrue();
        assertThat(rule.allows("evil.example:8080")).isFalse();
        assertThat(rule.allows("192.168.1.5:8080")).isFalse();
        assertThat(rule.allows("[::2]:8080")).isFalse();
    }

    @Test
    void onOtherBindAddressesTheTokenProtects() {
        assertThat(new HostRule("0.0.0.0", Set.of()).allows("evil.example:8080"))
                .isTrue();
    }
}
