package org.colombier.auth.statics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.PassDbProvider;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserDbProvider;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StaticDriversTest {
    private static AuthRequest request(String user) {
        return new AuthRequest(user, "lmtp", InetAddress.getLoopbackAddress(), null, true);
    }

    @Test
    void staticUserdbGivesEveryUserTheFieldsExpandedForThem() throws Exception {
        UserDb userDb = new StaticUserDbProvider().create(new DriverSettings("static", "s", Map.of(
                "fields/uid", "root", "fields/gid", "5000", "fields/home", "/srv/%{user | domain}/%{user | username}",
                "fields/mail_driver", "maildir")));
        assertThat(userDb.lookup("ann@example.com")).isEqualTo(new UserLookup.Found(new UserRecord("ann@example.com",
                "/srv/example.com/ann", OptionalInt.of(0), OptionalInt.of(5000), Map.of("mail_driver", "maildir"))));
        assertThat(userDb.iterate()).isEmpty();
    }

    @Test
    void staticUserdbRefusesUnknownSystemNamesAtStart() {
        assertThatThrownBy(() -> new StaticUserDbProvider().create(new DriverSettings("static", "s",
                Map.of("fields/uid", "no-such-user-here")))).isInstanceOf(AuthConfigException.class);
        assertThatThrownBy(() -> new StaticUserDbProvider().create(new DriverSettings("static", "s",
                Map.of("fields/home", "/srv/%{nosuch}")))).isInstanceOf(AuthConfigException.class);
    }

    @Test
    void staticPassdbChecksOnePasswordForEveryone() throws Exception {
        PassDb passDb = new StaticPassDbProvider().create(new DriverSettings("static", "s",
                Map.of("passdb_static_password", "{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=", "fields/userdb_home", "/srv/%{user}")));
        assertThat(passDb.verifyPlain(request("any"), "secret")).isEqualTo(new AuthResult.Ok("any", Map.of("userdb_home", "/srv/any")));
        assertThat(passDb.verifyPlain(request("any"), "wrong")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        assertThat(passDb.lookupCredentials(request("any"))).isInstanceOf(CredentialsResult.Found.class);
        PassDb open = new StaticPassDbProvider().create(new DriverSettings("static", "s", Map.of("fields/nopassword", "yes")));
        assertThat(open.verifyPlain(request("any"), "x")).isInstanceOf(AuthResult.Ok.class);
        assertThatThrownBy(() -> new StaticPassDbProvider().create(new DriverSettings("static", "s", Map.of())))
                .isInstanceOf(AuthConfigException.class);
    }

    @Test
    void driversAreFoundByNameThroughServiceLoader() {
        assertThat(ServiceLoader.load(PassDbProvider.class).stream().map(p -> p.get().driver()))
                .containsExactlyInAnyOrder("passwd-file", "sql", "static");
        assertThat(ServiceLoader.load(UserDbProvider.class).stream().map(p -> p.get().driver()))
                .containsExactlyInAnyOrder("passwd-file", "sql", "static");
    }
}
