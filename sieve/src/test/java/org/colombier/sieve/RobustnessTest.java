package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Truncated or mangled scripts and messages give a syntax error or a result, never another exception. */
@Timeout(60)
class RobustnessTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = RfcExamplesTest.NOTIFY_5435 + RfcExamplesTest.RELATIONAL_5231.replace("require", "#")
            + "/* c */ if anyof(size :over 1K, header :matches [\"a\",\"b\"] \"*x?\") { discard; }\n"
            + "require \"x\";\nif true { reject text:\n..a\n.\n; }\n";

    private static void compileOrSyntaxError(String script) {
        try {
            SieveCompiler.compile(script, "f", CompileOptions.defaults().withExtensions(Extensions.SUPPORTED));
        } catch (SieveSyntaxException e) {
            assertThat(e.errors()).isNotEmpty();
            assertThat(e.errors().get(0).line()).isPositive();
        }
    }

    @Test
    void everyTruncationOfAScriptCompilesOrFailsCleanly() {
        for (int i = 0; i <= SCRIPT.length(); i++) {
            compileOrSyntaxError(SCRIPT.substring(0, i));
        }
    }

    @Test
    void randomlyMangledScriptsCompileOrFailCleanly() {
        Random random = new Random(5228);
        String alphabet = "\"[](){},;:\\#/*\n abcx01K.";
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder(SCRIPT);
            for (int k = 0; k < 4; k++) {
                sb.setCharAt(random.nextInt(sb.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            compileOrSyntaxError(sb.toString());
        }
    }

    @Test
    void everyTruncationOfAMessageEvaluates() {
        String script = "require [\"body\", \"envelope\", \"variables\", \"fileinto\", \"date\", \"relational\"];"
                + " if address :domain :matches [\"From\", \"To\", \"Cc\"] \"*\" { set \"d\" \"${1}\"; }"
                + " if body :content \"text\" :contains \"fish\" { fileinto \"F\"; }"
                + " if date :value \"gt\" \"date\" \"year\" \"2000\" { keep; }"
                + " if header :contains \"Subject\" \"=?\" { discard; }";
        String message = Harness.crlf(ExtensionsTest.MULTIPART.replace("Subject: parts",
                "Subject: =?UTF-8?B?w6k=?= =?bad?Q?x\nDate: Thu, 14 Mar 2024 14:30:00 -0500\nCc: \"unterminated <x@y"));
        Harness h = new Harness(dir);
        SieveScript compiled = h.compile(script);
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= bytes.length; i++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, i);
            SieveResult r = new SieveEvaluator().evaluate(compiled, SieveMessage.of(cut), Case.DEFAULT_ENVELOPE, h.context());
            assertThat(r.deliveryActions()).isNotEmpty();
        }
    }
}
