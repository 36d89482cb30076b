package org.colombier.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.colombier.sieve.action.Action;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the table-driven cases through Pigeonhole's {@code sieve-test} (Debian package dovecot-sieve) and compares
 * the keep/fileinto/discard/redirect/reject/vacation/notify decisions with ours. Skips when sieve-test is absent.
 */
@Timeout(300)
class PigeonholeComparisonTest {
    /** Cases whose outcome depends on things sieve-test cannot share with us (clock, our stores, our settings). */
    private static final Pattern NOT_COMPARABLE = Pattern.compile(
            "ereject|\"date\"|include|duplicate|environment|spamtest|virustest|mailboxexists|ihave|editheader"
                    + "|:create|notify_method_capability");

    @TempDir
    Path dir;

    static Path sieveTest() {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "sieve-test");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Deliberate differences, each with its reason: sieve-test's -f cannot express the null sender, and Pigeonhole
     * 2.3 requires the exact recipient (with its +detail) in To/Cc where we also accept the address without it.
     */
    private static final List<String> DELIBERATELY_DIFFERENT = List.of("null sender", "envelope from of a bounce is empty",
            "recipient +detail is ignored when looking for the user in To");

    static Stream<Case> comparableCases() {
        return Stream.of(CoreLanguageTest.cases(), ExtensionsTest.all(), RfcExamplesTest.examples(), EdgeCasesTest.cases(), VacationTest.noReply(),
                        VacationTest.reply())
                .flatMap(s -> s).filter(c -> !NOT_COMPARABLE.matcher(c.script()).find())
                .filter(c -> !DELIBERATELY_DIFFERENT.contains(c.name()));
    }

    @Test
    void pigeonholeTakesTheSameActions() throws Exception {
        Path bin = sieveTest();
        if (bin == null) {
            System.out.println("SKIPPED PigeonholeComparisonTest: sieve-test not found (apt-get install dovecot-sieve dovecot-core)");
            Assumptions.abort("sieve-test (Debian packages dovecot-sieve, dovecot-core) is not installed");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = writeConfig();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int i = 0;
        for (Case c : comparableCases().toList()) {
            i++;
            Path script = dir.resolve("c" + i + ".sieve");
            Path mail = dir.resolve("c" + i + ".eml");
            Files.writeString(script, c.script());
            Files.writeString(mail, Harness.crlf(c.message()));
            for (Path p : List.of(script, mail)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
            Outcome theirs = runPigeonhole(bin, conf, script, mail, c.envelope());
            if (theirs.unsupported()) {
                System.out.println("not compared (Pigeonhole lacks a capability): " + c.name() + ": " + theirs.detail());
                continue;
            }
            List<String> ours = normalize(new Harness(dir).run(c.script(), c.message(), c.envelope()).deliveryActions());
            compared++;
            if (!ours.equals(theirs.actions())) {
                mismatches.add(c.name() + "\n    ours:       " + ours + "\n    pigeonhole: " + theirs.actions()
                        + (theirs.detail().isEmpty() ? "" : "\n    " + theirs.detail()));
            }
        }
        System.out.println("compared " + compared + " cases with Pigeonhole " + bin);
        assertThat(compared).isGreaterThan(50);
        assertThat(mismatches).as("cases where Pigeonhole decides differently").isEmpty();
    }

    @Test
    void pigeonholeRefusesTheScriptsWeRefuse() throws Exception {
        Path bin = sieveTest();
        if (bin == null) {
            System.out.println("SKIPPED PigeonholeComparisonTest: sieve-test not found (apt-get install dovecot-sieve dovecot-core)");
            Assumptions.abort("sieve-test (Debian packages dovecot-sieve, dovecot-core) is not installed");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = writeConfig();
        Path mail = dir.resolve("m.eml");
        Files.writeString(mail, Harness.crlf(Case.DEFAULT_MESSAGE));
        Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> accepted = new ArrayList<>();
        int i = 0;
        for (Object[] row : CompileErrorTest.errors().map(a -> a.get()).toList()) {
            String script = (String) row[0];
            if (script.contains("editheader") || script.contains("fortnight")) {
                // editheader is enabled in the Pigeonhole configuration, disabled in ours; an unknown constant date
                // part is a compile error here, a test that is always false in Pigeonhole
                continue;
            }
            Path file = dir.resolve("e" + ++i + ".sieve");
            Files.writeString(file, script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            Outcome o = runOnce(List.of(bin.toString(), "-c", conf.toString(), file.toString(), mail.toString()));
            if (!o.unsupported() && !o.actions().equals(List.of("FAILED"))) {
                accepted.add(row[1] + " -> Pigeonhole: " + o.actions());
            }
        }
        assertThat(accepted).as("scripts we refuse but Pigeonhole accepts").isEmpty();
    }

    /** Scripts that fail at run time here (the delivery then keeps the message); Pigeonhole must fail them too. */
    static final List<String> RUNTIME_FAILURES = List.of(
            "redirect \"u1@example.net\"; redirect \"u2@example.net\"; redirect \"u3@example.net\";"
                    + " redirect \"u4@example.net\"; redirect \"u5@example.net\";",
            "require \"reject\"; keep; reject \"no\";",
            "require [\"reject\", \"fileinto\"]; reject \"no\"; fileinto \"A\";",
            "require [\"vacation\", \"reject\"]; vacation \"x\"; reject \"no\";",
            "require \"variables\"; set \"a\" \"not an address\"; redirect \"${a}\";",
            "require \"ihave\"; error \"cannot go on\";");

    @Test
    void pigeonholeFailsTheScriptsThatFailHere() throws Exception {
        Path bin = sieveTest();
        if (bin == null) {
            System.out.println("SKIPPED PigeonholeComparisonTest: sieve-test not found (apt-get install dovecot-sieve dovecot-core)");
            Assumptions.abort("sieve-test (Debian packages dovecot-sieve, dovecot-core) is not installed");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = writeConfig();
        Path mail = dir.resolve("m.eml");
        Files.writeString(mail, Harness.crlf(Case.DEFAULT_MESSAGE));
        Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> disagreements = new ArrayList<>();
        int i = 0;
        for (String script : RUNTIME_FAILURES) {
            boolean oursFailed;
            try {
                new Harness(dir).run(script, Case.DEFAULT_MESSAGE, Case.DEFAULT_ENVELOPE);
                oursFailed = false;
            } catch (SieveRuntimeException e) {
                oursFailed = true;
            }
            Path file = dir.resolve("r" + ++i + ".sieve");
            Files.writeString(file, script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            List<String> cmd = List.of(bin.toString(), "-c", conf.toString(), "-f", "alice@example.org",
                    "-a", "bob@example.com", file.toString(), mail.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            boolean theirsFailed = output.contains("final result: failed");
            if (!oursFailed || !theirsFailed) {
                disagreements.add(script + " -> ours failed: " + oursFailed + ", Pigeonhole: " + output.trim());
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private Path writeConfig() throws IOException {
        String uid = run("id", "-u").trim();
        boolean root = uid.equals("0");
        String conf = (root ? "mail_uid = nobody\nmail_gid = nogroup\n"
                : "mail_uid = " + uid + "\nmail_gid = " + run("id", "-g").trim() + "\nfirst_valid_uid = 1\nfirst_valid_gid = 1\n")
                + "mail_location = maildir:" + dir.resolve("mail") + "\n"
                + "recipient_delimiter = +\n"
                + "plugin {\n  sieve_extensions = +editheader\n  sieve_max_redirects = 4\n}\n";
        Path p = dir.resolve("dovecot.conf");
        Files.writeString(p, conf);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private record Outcome(List<String> actions, boolean unsupported, String detail) { }

    private Outcome runPigeonhole(Path bin, Path conf, Path script, Path mail, Envelope env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-c", conf.toString()));
        cmd.addAll(List.of("-f", env.nullSender() ? "" : env.from(), "-a", env.to(), "-r", env.to()));
        cmd.addAll(List.of(script.toString(), mail.toString()));
        Outcome printed = runOnce(cmd);
        if (printed.unsupported() || !printed.actions().contains("vacation")) {
            return printed;
        }
        // sieve-test prints the vacation action before its send-time checks; -e runs them (nothing leaves the box)
        List<String> execute = new ArrayList<>(cmd);
        execute.add(1, "-e");
        runOnce(execute);
        String log = Files.readString(dir.resolve("err.txt"));
        if (log.contains("vacation action: sent vacation response")) {
            return printed;
        }
        List<String> without = new ArrayList<>(printed.actions());
        without.remove("vacation");
        return new Outcome(without, false, log.lines().filter(l -> l.contains("vacation action")).findFirst().orElse(""));
    }

    private Outcome runOnce(List<String> cmd) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(List.of("TIMEOUT"), false, "");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        if (stderr.contains("unknown Sieve capability")) {
            return new Outcome(List.of(), true, stderr.lines().findFirst().orElse(""));
        }
        if (p.exitValue() != 0 || !stdout.contains("Performed actions:")) {
            return new Outcome(List.of("FAILED"), false, stderr.trim());
        }
        return new Outcome(parse(stdout), false, "");
    }

    /** Reads sieve-test's "Performed actions" and "Implicit keep" sections into our normalized form. */
    static List<String> parse(String stdout) {
        List<String> actions = new ArrayList<>();
        for (String raw : stdout.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("* store message in folder: ")) {
                actions.add("store:" + inbox(line.substring("* store message in folder: ".length())));
            } else if (line.startsWith("+ add IMAP flags: ") && !actions.isEmpty()) {
                String flags = line.substring("+ add IMAP flags: ".length());
                actions.set(actions.size() - 1, actions.get(actions.size() - 1) + flags(List.of(flags.split("\\s+"))));
            } else if (line.equals("* discard")) {
                actions.add("discard");
            } else if (line.startsWith("* redirect message to: ")) {
                actions.add("redirect:" + line.substring("* redirect message to: ".length()).replaceAll("[<>]", ""));
            } else if (line.startsWith("* reject message with reason: ")) {
                actions.add("reject");
            } else if (line.startsWith("* send vacation message")) {
                actions.add("vacation");
            } else if (line.startsWith("* send notification with method")) {
                actions.add("notify");
            }
        }
        return actions;
    }

    /** IMAP's INBOX is case-insensitive (RFC 3501 5.1). */
    private static String inbox(String mailbox) {
        return mailbox.equalsIgnoreCase("INBOX") ? "INBOX" : mailbox;
    }

    private static String flags(List<String> flags) {
        List<String> f = flags.stream().filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).sorted().toList();
        return f.isEmpty() ? "" : f.toString();
    }

    static List<String> normalize(List<Action> actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.Keep k) {
                out.add("store:INBOX" + flags(k.flags()));
            } else if (a instanceof Action.FileInto f) {
                out.add("store:" + inbox(f.mailbox()) + flags(f.flags()));
            } else if (a instanceof Action.Redirect r) {
                out.add("redirect:" + r.address());
            } else if (a instanceof Action.Discard) {
                out.add("discard");
            } else if (a instanceof Action.Reject) {
                out.add("reject");
            } else if (a instanceof Action.Vacation) {
                out.add("vacation");
            } else if (a instanceof Action.Notify) {
                out.add("notify");
            }
        }
        return out;
    }
}
