package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A damaged file yields a configuration or a {@link ConfigException} with a location, never another failure. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
    private static final String ALPHABET = "{}=#\"'\\<$%!\n \t\u0000abc_/.:*";

    @Test
    void everyMutationOfTheExampleLoadsOrFailsWithALocatedError() throws Exception {
        String base = RunningExampleTest.exampleText().replace("ssl = yes", "ssl = no");
        Random random = new Random(20261125L);
        int errors = 0;
        for (int i = 0; i < 1000; i++) {
            StringBuilder text = new StringBuilder(base);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            try {
                ConfigLoader.parse(text.toString(), "m.conf");
            } catch (ConfigException e) {
                errors++;
                assertThat(e.getMessage()).as(text.toString()).matches("(?s)(m\\.conf:\\d+: |ssl = ).+");
            }
        }
        assertThat(errors).as("the mutations do reach the error paths").isGreaterThan(30);
    }

    @Test
    void pathsWithNulAreLocatedErrors() {
        for (String line : new String[] {"!include \"a\u0000b\"", "!include_try \"a\u0000b\"", "login_greeting = <a\u0000b",
                "!include \"*\u0000\"", "!include [", "ssl_server_cert_file = \"\u0000\""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse("ssl = required\n" + line + "\n", "m.conf"))
                    .as(line).isInstanceOf(ConfigException.class).hasMessageStartingWith("m.conf:2: ");
        }
    }
}
