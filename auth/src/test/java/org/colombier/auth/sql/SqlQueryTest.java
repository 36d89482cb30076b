package org.colombier.auth.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.colombier.api.auth.AuthConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SqlQueryTest {
    @Test
    void quotedVariablesBecomeBareParameters() throws Exception {
        assertThat(SqlQuery.compile("SELECT password FROM users WHERE userid = '%{user | username}' AND domain = '%{user | domain}'").sql())
                .isEqualTo("SELECT password FROM users WHERE userid = ? AND domain = ?");
    }

    @Test
    void unquotedVariablesBecomeParametersToo() throws Exception {
        assertThat(SqlQuery.compile("SELECT home FROM users WHERE username = %{user}").sql())
                .isEqualTo("SELECT home FROM users WHERE username = ?");
    }

    @Test
    void stringLiteralsAndPercentEscapesAreKept() throws Exception {
        assertThat(SqlQuery.compile("SELECT 'it''s' AS note, '%%' AS pct FROM users WHERE name LIKE 'a%%' AND u = '%{user}'").sql())
                .isEqualTo("SELECT 'it''s' AS note, '%' AS pct FROM users WHERE name LIKE 'a%' AND u = ?");
    }

    @Test
    void aVariableInsideALongerStringIsRefused() {
        assertThatThrownBy(() -> SqlQuery.compile("SELECT 1 FROM users WHERE home = '/srv/%{user}'"))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("quoted alone");
        assertThatThrownBy(() -> SqlQuery.compile("SELECT 1 FROM users WHERE u = '%{user}@x'"))
                .isInstanceOf(AuthConfigException.class);
    }

    @Test
    void unknownVariablesAndFiltersAreConfigurationErrors() {
        assertThatThrownBy(() -> SqlQuery.compile("SELECT 1 WHERE u = '%{nosuch}'")).isInstanceOf(AuthConfigException.class);
        assertThatThrownBy(() -> SqlQuery.compile("SELECT 1 WHERE u = '%{user | nosuch}'")).isInstanceOf(AuthConfigException.class);
        assertThatThrownBy(() -> SqlQuery.compile("SELECT 1 WHERE u = '%u'")).isInstanceOf(AuthConfigException.class);
    }
}
