package org.colombier.sieve.syntax;

import static org.colombier.sieve.syntax.Spec.Kind.NUMBER;
import static org.colombier.sieve.syntax.Spec.Kind.STRING;
import static org.colombier.sieve.syntax.Spec.Kind.STRING_LIST;

import java.util.HashMap;
import java.util.Map;

/** Every command and test this implementation knows, in one table. */
final class Specs {
    static final Map<String, Spec> COMMANDS = new HashMap<>();
    static final Map<String, Spec> TESTS = new HashMap<>();

    private Specs() {
    }

    private static Spec command(String name, String ext) {
        Spec s = new Spec(name, false, ext);
        COMMANDS.put(name, s);
        return s;
    }

    private static Spec test(String name, String ext) {
        Spec s = new Spec(name, true, ext);
        TESTS.put(name, s);
        return s;
    }

    static {
        // RFC 5228 control and actions
        command("require", null).pos(STRING_LIST);
        command("if", null).tests(1, 1).block();
        command("elsif", null).tests(1, 1).block();
        command("else", null).block();
        command("stop", null);
        command("keep", null).tag("flags", STRING_LIST, null, "imap4flags");
        command("discard", null);
        command("redirect", null).flag("copy", "copy").pos(STRING);
        command("fileinto", "fileinto").flag("copy", "copy").tag("flags", STRING_LIST, null, "imap4flags")
                .flag("create", "mailbox").pos(STRING);
        command("reject", "reject").pos(STRING);
        command("ereject", "ereject").pos(STRING);
        command("vacation", "vacation").tag("days", NUMBER, "period", null)
                .tag("seconds", NUMBER, "period", "vacation-seconds").tag("subject", STRING, null, null)
                .tag("from", STRING, null, null).tag("addresses", STRING_LIST, null, null).flag("mime", null)
                .tag("handle", STRING, null, null).pos(STRING);
        for (String f : new String[] {"setflag", "addflag", "removeflag"}) {
            command(f, "imap4flags").pos(STRING, STRING_LIST).optional(1, true);
        }
        command("set", "variables").tag("lower", null, "case", null).tag("upper", null, "case", null)
                .tag("lowerfirst", null, "casefirst", null).tag("upperfirst", null, "casefirst", null)
                .tag("quotewildcard", null, "quote", null).tag("quoteregex", null, "quote", "regex")
                .tag("encodeurl", null, null, "enotify").flag("length", null).pos(STRING, STRING);
        command("include", "include").tag("personal", null, "location", null).tag("global", null, "location", null)
                .flag("once", null).flag("optional", null).pos(STRING);
        command("return", "include");
        command("global", "include").pos(STRING_LIST);
        command("addheader", "editheader").flag("last", null).pos(STRING, STRING);
        command("deleteheader", "editheader").index(null).comparator().matchType().pos(STRING, STRING_LIST)
                .optional(1, false);
        command("notify", "enotify").tag("from", STRING, null, null).tag("importance", STRING, null, null)
                .tag("options", STRING_LIST, null, null).tag("message", STRING, null, null).pos(STRING);
        command("error", "ihave").pos(STRING);

        // RFC 5228 tests
        test("address", null).comparator().addressPart().matchType().index("index").pos(STRING_LIST, STRING_LIST);
        test("envelope", "envelope").comparator().addressPart().matchType().pos(STRING_LIST, STRING_LIST);
        test("header", null).comparator().matchType().index("index").pos(STRING_LIST, STRING_LIST);
        test("exists", null).pos(STRING_LIST);
        test("size", null).tag("over", NUMBER, "size", null).tag("under", NUMBER, "size", null);
        test("allof", null).tests(1, Integer.MAX_VALUE);
        test("anyof", null).tests(1, Integer.MAX_VALUE);
        test("not", null).tests(1, 1);
        test("true", null);
        test("false", null);
        // extensions
        test("body", "body").comparator().matchType().tag("raw", null, "transform", null)
                .tag("content", STRING_LIST, "transform", null).tag("text", null, "transform", null).pos(STRING_LIST);
        test("string", "variables").comparator().matchType().pos(STRING_LIST, STRING_LIST);
        test("hasflag", "imap4flags").comparator().matchType().pos(STRING_LIST, STRING_LIST).optional(1, true);
        test("date", "date").tag("zone", STRING, "zone", null).tag("originalzone", null, "zone", null).comparator()
                .matchType().index("index").pos(STRING, STRING, STRING_LIST);
        test("currentdate", "date").tag("zone", STRING, null, null).comparator().matchType().pos(STRING, STRING_LIST);
        test("mailboxexists", "mailbox").pos(STRING_LIST);
        test("duplicate", "duplicate").tag("handle", STRING, null, null).tag("header", STRING, "id", null)
                .tag("uniqueid", STRING, "id", null).tag("seconds", NUMBER, null, null).flag("last", null);
        test("environment", "environment").comparator().matchType().pos(STRING, STRING_LIST);
        test("ihave", "ihave").pos(STRING_LIST);
        test("valid_notify_method", "enotify").pos(STRING_LIST);
        test("notify_method_capability", "enotify").comparator().matchType().pos(STRING, STRING, STRING_LIST);
        test("spamtest", "spamtest").flag("percent", "spamtestplus").comparator().matchType().pos(STRING);
        test("virustest", "virustest").comparator().matchType().pos(STRING);
    }
}
