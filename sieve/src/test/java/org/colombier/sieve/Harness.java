package org.colombier.sieve;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.store.FileTrackingStore;
import org.colombier.sieve.store.IncludeResolver;

/** Compiles and runs scripts for the table-driven tests and renders actions compactly. */
final class Harness {
    static final Instant NOW = Instant.parse("2024-03-14T15:09:26Z");
    static final Set<String> ALL = Extensions.SUPPORTED;

    final Path userDir;
    SieveSettings settings = SieveSettings.defaults().withExtensions(ALL);
    Set<String> mailboxes = Set.of("INBOX", "Existing");
    IncludeResolver includes;
    Clock clock = Clock.fixed(NOW, ZoneOffset.ofHours(1));
    Map<String, String> environment = Map.of("domain", "example.com", "host", "mx.example.com");

    Harness(Path userDir) {
        this.userDir = userDir;
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    static SieveMessage message(String text) {
        return SieveMessage.of(crlf(text).getBytes(StandardCharsets.UTF_8));
    }

    SieveScript compile(String script) {
        return SieveCompiler.compile(script, "test", settings.compileOptions());
    }

    SieveContext context() {
        return SieveContext.builder().settings(settings).mailboxes(mailboxes::contains)
                .duplicates(FileTrackingStore.duplicate(userDir)).vacation(FileTrackingStore.vacation(userDir))
                .includes(includes).environment(environment).clock(clock).build();
    }

    SieveResult run(String script, String message, Envelope env) {
        return new SieveEvaluator().evaluate(compile(script), message(message), env, context());
    }

    /** The delivery actions (implicit keep included) rendered one per element. */
    List<String> actions(String script, String message, Envelope env) {
        return render(run(script, message, env).deliveryActions());
    }

    static List<String> render(List<Action> actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            out.add(render(a));
        }
        return out;
    }

    static String render(Action a) {
        if (a instanceof Action.Keep k) {
            return "keep" + flags(k.flags());
        } else if (a instanceof Action.FileInto f) {
            return "fileinto:" + f.mailbox() + flags(f.flags()) + (f.copy() ? ":copy" : "") + (f.create() ? ":create" : "");
        } else if (a instanceof Action.Redirect r) {
            return "redirect:" + r.address() + (r.copy() ? ":copy" : "");
        } else if (a instanceof Action.Discard) {
            return "discard";
        } else if (a instanceof Action.Reject r) {
            return "reject:" + r.reason();
        } else if (a instanceof Action.Ereject r) {
            return "ereject:" + r.reason();
        } else if (a instanceof Action.Vacation v) {
            return "vacation:" + v.to();
        } else if (a instanceof Action.Notify n) {
            return "notify:" + n.method();
        } else if (a instanceof Action.AddHeader h) {
            return "addheader:" + h.name();
        } else {
            return "deleteheader:" + ((Action.DeleteHeader) a).name();
        }
    }

    private static String flags(List<String> flags) {
        return flags.isEmpty() ? "" : flags.toString();
    }
}
