package org.colombier.auth.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AuthTemplateTest {
    private final AuthVariables vars = AuthVariables.of(new AuthRequest("Ann.Lee@Example.COM", "imap",
            InetAddress.getLoopbackAddress(), null, true));

    private String expand(String template) throws AuthConfigException {
        return AuthTemplate.parse(template).expand(vars);
    }

    @Test
    void variablesAndFiltersExpandAsInDovecot24() throws Exception {
        assertThat(expand("/srv/%{user | domain | lower}/%{user | username}")).isEqualTo("/srv/example.com/Ann.Lee");
        assertThat(expand("%{user|upper}")).isEqualTo("ANN.LEE@EXAMPLE.COM");
        assertThat(expand("%{service}:%{remote_ip}:%{local_ip}:")).isEqualTo("imap:127.0.0.1::");
        assertThat(expand("100%% %{user | username | lower}")).isEqualTo("100% ann.lee");
        assertThat(AuthTemplate.parse("%{user | domain}").expand(AuthVariables.ofUser("nodomain"))).isEmpty();
    }

    @Test
    void escapingAppliesToValuesOnly() throws Exception {
        assertThat(AuthTemplate.parse("/a/%{user}").expand(vars, v -> v.replace('.', '_'))).isEqualTo("/a/Ann_Lee@Example_COM");
    }

    @Test
    void badTemplatesAreConfigurationErrors() {
        for (String bad : new String[] {"%{user", "%u", "%{nosuch}", "%{user | nosuch}", "50%"}) {
            assertThatThrownBy(() -> AuthTemplate.parse(bad)).as(bad).isInstanceOf(AuthConfigException.class);
        }
    }
}
