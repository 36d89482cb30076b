package org.colombier.sieve.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.colombier.sieve.SieveSyntaxException;

/**
 * Checks a parsed script against {@link Specs} and the capabilities it requires, binds every node's arguments,
 * and decodes encoded characters. Collects all errors, like Pigeonhole, rather than stopping at the first.
 */
final class Validator {
    private static final Set<String> COMPARATORS = Set.of("i;octet", "i;ascii-casemap", "i;ascii-numeric");
    private static final Set<String> RELATIONS = Set.of("gt", "ge", "lt", "le", "eq", "ne");
    static final Set<String> DATE_PARTS = Set.of("year", "month", "day", "date", "julian", "hour", "minute",
            "second", "time", "iso8601", "std11", "zone", "weekday");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern ENCODED = Pattern.compile("\\$\\{(hex|unicode):([\\s0-9A-Fa-f]*)}",
            Pattern.CASE_INSENSITIVE);

    private final String scriptName;
    private final Set<String> available;
    private final Set<String> required = new HashSet<>();
    private final List<SieveSyntaxException.Error> errors = new ArrayList<>();
    private final Set<String> reportedUnknown = new HashSet<>();

    Validator(String scriptName, Set<String> available) {
        this.scriptName = scriptName;
        this.available = available;
        required.addAll(Set.of("comparator-i;octet", "comparator-i;ascii-casemap"));
    }

    Set<String> required() {
        return required;
    }

    void validate(List<Node> script) {
        boolean requiresAllowed = true;
        for (Node n : script) {
            if (n.name().equals("require")) {
                if (!requiresAllowed) {
                    error(n.pos(), "require commands can only be placed at the beginning of the script");
                }
                bindNode(n, Specs.COMMANDS.get("require"));
                if (n.argCount() == 1) {
                    for (String cap : stringList(n.arg(0))) {
                        requireCapability(n.pos(), cap);
                    }
                }
            } else {
                requiresAllowed = false;
            }
        }
        block(script, true);
        if (!errors.isEmpty()) {
            throw new SieveSyntaxException(errors);
        }
    }

    private void requireCapability(Position pos, String cap) {
        String c = cap.toLowerCase();
        if (!available.contains(c)) {
            error(pos, "require: unknown Sieve capability '" + cap + "'"
                    + (org.colombier.sieve.Extensions.SUPPORTED.contains(c) ? " (it is disabled on this server)" : ""));
            return;
        }
        required.add(c);
        if (c.equals("vacation-seconds")) {
            required.add("vacation");
        } else if (c.equals("spamtestplus")) {
            required.add("spamtest");
        }
    }

    private void error(Position p, String message) {
        errors.add(new SieveSyntaxException.Error(scriptName, p.line(), p.column(), message));
    }

    private void block(List<Node> commands, boolean top) {
        String previous = null;
        for (Node n : commands) {
            if (n.name().equals("require")) {
                if (!top) {
                    error(n.pos(), "require commands can only be placed at top level at the beginning of the script");
                }
                previous = n.name();
                continue;
            }
            if ((n.name().equals("elsif") || n.name().equals("else"))
                    && !("if".equals(previous) || "elsif".equals(previous))) {
                error(n.pos(), n.name() + " command must follow an if or elsif command");
            }
            command(n);
            previous = n.name();
        }
    }

    private Spec lookup(Node n, Map<String, Spec> table, String kind) {
        Spec spec = table.get(n.name());
        if (spec == null) {
            Spec other = (table == Specs.COMMANDS ? Specs.TESTS : Specs.COMMANDS).get(n.name());
            String hint = other == null ? "" : other.isTest ? " (it is a test, not a command)" : " (it is a command, not a test)";
            if (reportedUnknown.add(kind + n.name())) {
                error(n.pos(), "unknown " + kind + " '" + n.name() + "'" + hint);
            }
            return null;
        }
        if (spec.extension != null && !required.contains(spec.extension)) {
            error(n.pos(), spec.describe() + " requires extension '" + spec.extension
                    + "' (missing require \"" + spec.extension + "\"?)");
            return null;
        }
        return spec;
    }

    private void command(Node n) {
        Spec spec = lookup(n, Specs.COMMANDS, "command");
        if (spec == null) {
            return;
        }
        bindNode(n, spec);
        checkSpecific(n);
        Set<String> enabledForBlock = Set.of();
        if (n.name().equals("if") || n.name().equals("elsif")) {
            Node t = n.tests().isEmpty() ? null : n.tests().get(0);
            if (t != null && t.name().equals("ihave") && t.argCount() == 1) {
                List<String> caps = stringList(t.arg(0));
                if (!caps.stream().allMatch(c -> available.contains(c.toLowerCase()))) {
                    n.markDead(); // RFC 5463: the block cannot run here, so it is not validated either
                    return;
                }
                Set<String> added = new HashSet<>();
                for (String c : caps) {
                    if (required.add(c.toLowerCase())) {
                        added.add(c.toLowerCase());
                    }
                }
                enabledForBlock = added;
            }
        }
        if (spec.block && n.block() == null) {
            error(n.pos(), spec.describe() + " requires a block ('{ ... }')");
        } else if (!spec.block && n.block() != null) {
            error(n.pos(), spec.describe() + " does not take a block; expected ';'");
        } else if (n.block() != null) {
            block(n.block(), false);
        }
        required.removeAll(enabledForBlock);
    }

    private void test(Node t) {
        Spec spec = lookup(t, Specs.TESTS, "test");
        if (spec == null) {
            return;
        }
        bindNode(t, spec);
        checkSpecific(t);
    }

    private void bindNode(Node n, Spec spec) {
        Map<String, Object> tags = new HashMap<>();
        List<Object> positional = new ArrayList<>();
        List<Argument> args = n.arguments();
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            Argument a = args.get(i);
            if (a instanceof Argument.Tag tag) {
                Spec.TagSpec ts = spec.tags.get(tag.name());
                if (ts == null) {
                    error(tag.pos(), "unknown tagged argument ':" + tag.name() + "' for the " + spec.describe());
                    continue;
                }
                if (ts.extension() != null && !required.contains(ts.extension())) {
                    error(tag.pos(), "tagged argument ':" + tag.name() + "' requires extension '" + ts.extension()
                            + "' (missing require \"" + ts.extension() + "\"?)");
                    continue;
                }
                if (!positional.isEmpty()) {
                    error(tag.pos(), "tagged argument ':" + tag.name() + "' must come before the positional arguments of the "
                            + spec.describe());
                }
                if (tags.containsKey(tag.name())) {
                    error(tag.pos(), "tagged argument ':" + tag.name() + "' is given more than once");
                }
                if (ts.group() != null && !groups.add(ts.group())) {
                    error(tag.pos(), "tagged argument ':" + tag.name() + "' conflicts with another " + ts.group()
                            + " argument of the " + spec.describe());
                }
                Object value = Boolean.TRUE;
                if (ts.value() != null) {
                    Argument v = i + 1 < args.size() ? args.get(i + 1) : null;
                    value = v == null || v instanceof Argument.Tag ? null : convert(v, ts.value());
                    if (value == null) {
                        error(tag.pos(), "tagged argument ':" + tag.name() + "' of the " + spec.describe()
                                + " needs a " + kindName(ts.value()) + " argument");
                        continue;
                    }
                    i++;
                }
                tags.put(tag.name(), value);
                if (ts.group() != null) {
                    tags.put("#" + ts.group(), tag.name());
                }
            } else {
                positional.add(a);
            }
        }
        int max = spec.positional.size();
        int min = max - spec.optional;
        List<Object> bound = new ArrayList<>();
        if (positional.size() < min || positional.size() > max) {
            error(n.pos(), "the " + spec.describe() + " expects " + (min == max ? String.valueOf(max) : min + " or " + max)
                    + " positional argument" + (max == 1 ? "" : "s") + ", but " + positional.size()
                    + (positional.size() == 1 ? " was" : " were") + " found");
        } else {
            int missing = max - positional.size();
            int kindIndex = spec.optionalFirst ? missing : 0;
            if (spec.optionalFirst) {
                for (int k = 0; k < missing; k++) {
                    bound.add(null);
                }
            }
            for (Object o : positional) {
                Argument a = (Argument) o;
                Spec.Kind kind = spec.positional.get(kindIndex++);
                Object v = convert(a, kind);
                if (v == null) {
                    error(a.pos(), "positional argument " + kindIndex + " of the " + spec.describe() + " must be a "
                            + kindName(kind) + ", not a " + describe(a));
                }
                bound.add(v);
            }
            if (!spec.optionalFirst) {
                for (int k = 0; k < missing; k++) {
                    bound.add(null);
                }
            }
        }
        if (spec.maxTests == 0 && !n.tests().isEmpty()) {
            Node stray = n.tests().get(0);
            error(stray.pos(), "unexpected '" + stray.name() + "' after the " + spec.describe() + " (missing ';' or '{'?)");
            n.bind(tags, bound);
            return;
        }
        if (n.tests().size() < spec.minTests || n.tests().size() > spec.maxTests) {
            error(n.pos(), "the " + spec.describe() + " requires " + (spec.maxTests == 1 ? "one test" : "a list of tests"));
        }
        for (Node t : n.tests()) {
            test(t);
        }
        n.bind(tags, bound);
    }

    private static String kindName(Spec.Kind k) {
        return switch (k) {
            case STRING -> "string";
            case STRING_LIST -> "string list";
            case NUMBER -> "number";
        };
    }

    private static String describe(Argument a) {
        if (a instanceof Argument.Number) {
            return "number";
        }
        if (a instanceof Argument.Strings s) {
            return s.list() ? "string list" : "string";
        }
        return "tag";
    }

    private Object convert(Argument a, Spec.Kind kind) {
        switch (kind) {
            case NUMBER:
                return a instanceof Argument.Number num ? num.value() : null;
            case STRING:
                return a instanceof Argument.Strings s && !s.list() ? decode(s.values().get(0), s.pos()) : null;
            default:
                if (a instanceof Argument.Strings s) {
                    List<String> out = new ArrayList<>();
                    for (String v : s.values()) {
                        out.add(decode(v, s.pos()));
                    }
                    return List.copyOf(out);
                }
                return null;
        }
    }

    /** RFC 5228 section 2.4.2.4 encoded characters, when the script requires them. */
    private String decode(String s, Position pos) {
        if (!required.contains("encoded-character") || !s.contains("${")) {
            return s;
        }
        var m = ENCODED.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(0);
            String body = m.group(2).trim();
            try {
                StringBuilder dec = new StringBuilder();
                for (String unit : body.isEmpty() ? new String[0] : body.split("\\s+")) {
                    if (m.group(1).equalsIgnoreCase("hex")) {
                        dec.append((char) Integer.parseInt(unit, 16));
                    } else {
                        int cp = Integer.parseInt(unit, 16);
                        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                            error(pos, "invalid unicode character U+" + unit + " in encoded character");
                            cp = 0xFFFD;
                        }
                        dec.appendCodePoint(cp);
                    }
                }
                replacement = m.group(1).equalsIgnoreCase("hex") ? utf8(dec.toString()) : dec.toString();
            } catch (NumberFormatException e) {
                error(pos, "invalid encoded character '" + m.group(0) + "'");
            }
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** ${hex:...} gives octets; they are UTF-8 (RFC 5228 2.4.2.4), so reinterpret them. */
    private static String utf8(String octets) {
        byte[] b = new byte[octets.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) octets.charAt(i);
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object o) {
        return o instanceof List<?> l ? (List<String>) l : o == null ? List.of() : List.of((String) o);
    }

    private void checkSpecific(Node n) {
        Object comparator = n.tag("comparator");
        if (comparator instanceof String c) {
            String lc = c.toLowerCase();
            if (!COMPARATORS.contains(lc)) {
                error(n.pos(), "unknown comparator '" + c + "'");
            } else if (!required.contains("comparator-" + lc)) {
                error(n.pos(), "comparator '" + c + "' requires extension 'comparator-" + lc + "' (missing require?)");
            } else if (lc.equals("i;ascii-numeric") && ("contains".equals(n.tag("#match-type"))
                    || "matches".equals(n.tag("#match-type")) || "regex".equals(n.tag("#match-type")))) {
                error(n.pos(), "comparator 'i;ascii-numeric' does not support the :" + n.tag("#match-type") + " match type");
            }
        }
        for (String rel : new String[] {"count", "value"}) {
            if (n.tag(rel) instanceof String op && !RELATIONS.contains(op.toLowerCase())) {
                error(n.pos(), "invalid relational match type '" + op + "' for :" + rel
                        + " (expected one of gt, ge, lt, le, eq, ne)");
            }
        }
        if (n.has("last") && !n.has("index") && !n.name().equals("duplicate") && !n.name().equals("addheader")) {
            error(n.pos(), "the :last tag of the " + n.name() + " " + (n.name().equals("deleteheader") ? "command" : "test")
                    + " requires :index");
        }
        if (n.has("index") && ((Long) n.tag("index")) < 1) {
            error(n.pos(), "the :index argument must be a number of 1 or more");
        }
        if ("regex".equals(n.tag("#match-type")) && !n.name().equals("deleteheader") && n.argCount() > 0) {
            if (!required.contains("variables")) {
                Object keys = n.arg(n.argCount() - 1);
                for (String k : stringList(keys)) {
                    try {
                        Pattern.compile(k);
                    } catch (PatternSyntaxException e) {
                        error(n.pos(), "invalid regular expression '" + k + "': " + e.getDescription());
                    }
                }
            }
        }
        switch (n.name()) {
            case "size" -> {
                if (!n.has("over") && !n.has("under")) {
                    error(n.pos(), "the size test requires either :over or :under");
                }
            }
            case "set" -> {
                if (n.argCount() == 2 && n.arg(0) instanceof String name && !VARIABLE_NAME.matcher(name).matches()) {
                    error(n.pos(), "invalid variable name '" + name + "'");
                }
            }
            case "global" -> {
                if (n.argCount() == 1) {
                    for (String name : stringList(n.arg(0))) {
                        if (!IDENTIFIER.matcher(name).matches()) {
                            error(n.pos(), "invalid variable name '" + name + "' for global");
                        }
                    }
                }
            }
            case "include" -> {
                if (n.argCount() == 1 && n.arg(0) instanceof String s
                        && (s.isEmpty() || s.contains("/") || s.equals(".") || s.equals("..") || s.indexOf(0) >= 0)) {
                    error(n.pos(), "invalid script name '" + s + "' for include");
                }
            }
            case "date", "currentdate" -> {
                int i = n.name().equals("date") ? 1 : 0;
                if (n.argCount() > i && n.arg(i) instanceof String part && !part.contains("${")
                        && !DATE_PARTS.contains(part.toLowerCase())) {
                    error(n.pos(), "invalid date part '" + part + "'");
                }
            }
            case "vacation" -> {
                if (n.tag("from") instanceof String from && !from.contains("${") && !from.contains("@")) {
                    error(n.pos(), "vacation :from '" + from + "' is not a valid address");
                }
            }
            case "redirect" -> {
                if (n.argCount() == 1 && n.arg(0) instanceof String a && !a.contains("${") && !a.contains("@")) {
                    error(n.pos(), "redirect address '" + a + "' is not a valid address");
                }
            }
            case "notify" -> {
                if (n.tag("importance") instanceof String imp && !Set.of("1", "2", "3").contains(imp)) {
                    error(n.pos(), "notify :importance must be \"1\", \"2\" or \"3\", not '" + imp + "'");
                }
                if (n.argCount() == 1 && n.arg(0) instanceof String m && !m.contains("${")
                        && !m.toLowerCase().startsWith("mailto:")) {
                    error(n.pos(), "unsupported notification method '" + m + "' (only mailto: is supported)");
                }
            }
            default -> { }
        }
    }
}
