package org.colombier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AuthTemplatesTest {
    @Test
    void requestVariablesExpand() throws Exception {
        AuthRequest request = new AuthRequest("Ann.Lee@Example.COM", "imap", InetAddress.getLoopbackAddress(), null, true);
        assertThat(AuthTemplates.parse("%{service}:%{remote_ip}:%{local_ip}:%{user | domain | lower}")
                .expand(AuthTemplates.of(request))).isEqualTo("imap:127.0.0.1::example.com");
    }

    @Test
    void aLeadingTildeIsLeftForTheMailLayer() throws Exception {
        assertThat(AuthTemplates.parse("~/Maildir").expand(AuthTemplates.ofUser("bob"))).isEqualTo("~/Maildir");
    }

    @Test
    void badTemplatesAndHomeAreConfigurationErrors() {
        for (String bad : new String[] {"%{user", "%u", "%{nosuch}", "%{user | nosuch}", "50%", "%{home}/x"}) {
            assertThatThrownBy(() -> AuthTemplates.parse(bad)).as(bad).isInstanceOf(AuthConfigException.class);
        }
    }

    @Test
    void fieldValuesThatAreNoTemplateAreKeptAsWritten() {
        assertThat(FieldTemplates.expand(Map.of("a", "50%", "b", "%{home}/x", "c", "/srv/%{user}"),
                AuthTemplates.ofUser("bob"))).containsEntry("a", "50%").containsEntry("b", "%{home}/x")
                .containsEntry("c", "/srv/bob");
    }
}
