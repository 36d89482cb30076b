package org.colombier.api.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TemplateTest {
    private static final UserVariables BOB = new UserVariables("Bob@Example.org", "/srv/mail/bob",
            Map.of("service", "imap", "remote_ip", "192.0.2.7"));

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "/srv/mail/%{user};/srv/mail/Bob@Example.org",
            "%{user | username};Bob",
            "%{user|domain};Example.org",
            "%{user | lower};bob@example.org",
            "%{user | domain | lower}/%{user | username | lower};example.org/bob",
            "%{user | upper};BOB@EXAMPLE.ORG",
            "%{home}/x;/srv/mail/bob/x",
            "~/Maildir;/srv/mail/bob/Maildir",
            "~;/srv/mail/bob",
            "%{service}-%{remote_ip};imap-192.0.2.7",
            "100%% of %{session}!;100% of !",
            "a~/b;a~/b",
    })
    void variablesFiltersAndHomeExpand(String template, String expected) {
        assertThat(Template.parse(template).expand(BOB)).isEqualTo(expected);
    }

    @Test
    void domainOfAUserWithoutDomainIsEmpty() {
        assertThat(Template.parse("[%{user | domain}]").expand(new UserVariables("bob", null))).isEqualTo("[]");
    }

    @Test
    void escaperAppliesToVariableValuesOnly() {
        Template t = Template.parse("WHERE u = '%{user}'");
        assertThat(t.expand(new UserVariables("o'brien", null), v -> v.replace("'", "''")))
                .isEqualTo("WHERE u = 'o''brien'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%{nosuch}", "%{user | nosuch}", "%u", "%{user", "50%", "%{}"})
    void unknownVariablesFiltersAndStrayPercentAreParseErrors(String template) {
        assertThatThrownBy(() -> Template.parse(template)).isInstanceOf(TemplateException.class);
    }

    @Test
    void homeIsRequiredWhenUsed() {
        Template t = Template.parse("~/Maildir");
        assertThat(t.usesHome()).isTrue();
        assertThat(Template.parse("/srv/%{user}").usesHome()).isFalse();
        assertThatThrownBy(() -> t.expand(new UserVariables("bob", null))).isInstanceOf(TemplateException.class)
                .hasMessageContaining("no home directory");
    }

    @Test
    void pathExpandsUnderItsBase(@TempDir Path base) {
        Path p = Template.parse("%{user | domain}/%{user | username}/Maildir")
                .expandPath(new UserVariables("bob@example.org", null), base);
        assertThat(p).isEqualTo(base.toAbsolutePath().normalize().resolve("example.org/bob/Maildir"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "a/b", "..", ".", "", "bob\u0000", "bob\nx", "/etc/passwd"})
    void userValuesThatWouldMoveThePathAreRefused(String user, @TempDir Path base) {
        Template t = Template.parse("/srv/mail/%{user}/Maildir");
        assertThatThrownBy(() -> t.expandPath(new UserVariables(user, null), null)).isInstanceOf(TemplateException.class);
        Template relative = Template.parse("%{user}");
        assertThatThrownBy(() -> relative.expandPath(new UserVariables(user, null), base)).isInstanceOf(TemplateException.class);
    }

    @Test
    void filteredValuesAreCheckedToo() {
        Template t = Template.parse("/srv/%{user | domain}/%{user | username}");
        assertThatThrownBy(() -> t.expandPath(new UserVariables("bob@..", null), null)).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> t.expandPath(new UserVariables("bob", null), null))
                .isInstanceOf(TemplateException.class).hasMessageContaining("not allowed");
    }

    @Test
    void homeMayHoldSlashesButTheResultMustStayInTheBase(@TempDir Path base) {
        Path home = base.resolve("users/bob");
        assertThat(Template.parse("~/Maildir").expandPath(new UserVariables("bob", home.toString()), base))
                .isEqualTo(home.toAbsolutePath().normalize().resolve("Maildir"));
        assertThatThrownBy(() -> Template.parse("~/Maildir").expandPath(new UserVariables("bob", "/etc"), base))
                .isInstanceOf(TemplateException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> Template.parse("%{home}").expandPath(new UserVariables("bob", "/srv/\u0001"), null))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void literalPartsWrittenByTheAdminAreNotRestrictedWithoutBase() {
        assertThat(Template.parse("/srv/mail/../vmail/%{user}").expandPath(new UserVariables("bob", null), null))
                .isEqualTo(Path.of("/srv/vmail/bob"));
    }

    @Test
    void textTemplatesKeepALeadingTilde() {
        Template t = Template.parseText("~/Maildir/%{user | username}");
        assertThat(t.usesHome()).isFalse();
        assertThat(t.expand(new UserVariables("bob@example.org", null))).isEqualTo("~/Maildir/bob");
    }

    @Test
    void partsSplitLiteralTextFromVariablesWithTheirFilters() {
        Template t = Template.parseText("u = '%{user | domain | lower}' and 100%%");
        assertThat(t.parts()).containsExactly(new Template.Literal("u = '"),
                new Template.Variable("user", List.of(Template.Filter.DOMAIN, Template.Filter.LOWER)),
                new Template.Literal("' and 100%"));
        assertThat(((Template.Variable) t.parts().get(1)).value(BOB)).isEqualTo("example.org");
        assertThat(t.hasVariables()).isTrue();
        assertThat(Template.parseText("/etc/users").hasVariables()).isFalse();
        assertThat(Template.parse("~").hasVariables()).isTrue();
    }

    @Test
    void sessionVariablesMissingFromTheRequestExpandEmpty() {
        assertThat(Template.parse("%{service}:%{remote_ip}:%{local_ip}:").expand(new UserVariables("bob", null)))
                .isEqualTo(":::");
    }
}
