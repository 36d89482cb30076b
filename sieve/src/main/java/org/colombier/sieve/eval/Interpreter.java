package org.colombier.sieve.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colombier.sieve.Envelope;
import org.colombier.sieve.SieveContext;
import org.colombier.sieve.SieveMessage;
import org.colombier.sieve.SieveResult;
import org.colombier.sieve.SieveRuntimeException;
import org.colombier.sieve.SieveScript;
import org.colombier.sieve.SieveSettings;
import org.colombier.sieve.SieveSyntaxException;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.Address;
import org.colombier.sieve.mail.HeaderField;
import org.colombier.sieve.mail.MimeParts;
import org.colombier.sieve.syntax.Node;
import org.colombier.sieve.vacation.VacationPolicy;

/** Runs a compiled script against one message: a tree walk producing actions; one instance per evaluation. */
public final class Interpreter {
    private enum Flow { NEXT, STOP, RETURN }

    /** The script being run and its variables. */
    private record Frame(SieveScript script, Variables vars) {
        boolean variables() {
            return script.extensions().contains("variables");
        }
    }

    private static final Set<String> ALWAYS_PROTECTED = Set.of("received", "auto-submitted");
    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");

    private final SieveContext ctx;
    private final SieveSettings settings;
    private final SieveMessage message;
    private final Envelope envelope;
    private final Matching matching;
    private final List<HeaderField> headers;
    private final Map<HeaderField, String> decodedFields = new java.util.IdentityHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<SieveResult.PendingMark> pending = new ArrayList<>();
    private final Map<String, String> globals = new HashMap<>();
    private final Deque<String> includeStack = new ArrayDeque<>();
    private final Set<String> included = new HashSet<>();
    private List<String> internalFlags = List.of();
    private boolean implicitKeep = true;
    private boolean headersEdited;
    private int redirects;
    private int actionCount;
    private int includes;
    private List<MimeParts.Part> bodyParts;
    private String rawBody;
    private Frame frame;
    private int line;

    public Interpreter(SieveContext ctx, SieveMessage message, Envelope envelope) {
        this.ctx = ctx;
        this.settings = ctx.settings();
        this.message = message;
        this.envelope = envelope;
        this.matching = new Matching(settings.regexBudget());
        this.headers = new ArrayList<>(message.headers());
    }

    public SieveResult run(SieveScript script) {
        includeStack.push("personal:" + script.name());
        try {
            runScript(script);
        } catch (BudgetedChars.Exhausted e) {
            throw fail("regular expression is too complex: matching exceeded its budget of "
                    + settings.regexBudget() + " steps");
        } catch (Matching.BadPattern e) {
            throw fail(e.getMessage());
        }
        return new SieveResult(actions, implicitKeep, internalFlags, headers, headersEdited, pending);
    }

    private Flow runScript(SieveScript script) {
        Frame saved = frame;
        frame = new Frame(script, new Variables(globals, settings.maxVariableSize(), settings.maxVariables()));
        try {
            return block(script.commands());
        } finally {
            frame = saved;
        }
    }

    private SieveRuntimeException fail(String message) {
        return new SieveRuntimeException(frame == null ? "script" : frame.script().name(), line, message);
    }

    private Flow block(List<Node> commands) {
        boolean chainTaken = false;
        for (Node n : commands) {
            line = n.pos().line();
            switch (n.name()) {
                case "require":
                    continue;
                case "if":
                case "elsif":
                    if (n.name().equals("elsif") && chainTaken) {
                        continue;
                    }
                    chainTaken = false;
                    // a dead block was not validated (ihave of a capability missing at compile time): never run it
                    if (!n.dead() && test(n.tests().get(0))) {
                        chainTaken = true;
                        Flow f = block(n.block());
                        if (f != Flow.NEXT) {
                            return f;
                        }
                    }
                    continue;
                case "else":
                    if (!chainTaken) {
                        chainTaken = true;
                        Flow f = block(n.block());
                        if (f != Flow.NEXT) {
                            return f;
                        }
                    }
                    continue;
                default:
                    Flow f = command(n);
                    if (f != Flow.NEXT) {
                        return f;
                    }
            }
        }
        return Flow.NEXT;
    }

    // ---- argument access -------------------------------------------------------------------------------

    private String str(Object o) {
        if (o == null) {
            return null;
        }
        return frame.variables() ? frame.vars().expand((String) o) : (String) o;
    }

    @SuppressWarnings("unchecked")
    private List<String> list(Object o) {
        if (o == null) {
            return null;
        }
        List<String> in = o instanceof String s ? List.of(s) : (List<String>) o;
        if (!frame.variables()) {
            return in;
        }
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) {
            out.add(frame.vars().expand(s));
        }
        return out;
    }

    // ---- commands ---------------------------------------------------------------------------------------

    private Flow command(Node n) {
        switch (n.name()) {
            case "stop" -> { return Flow.STOP; }
            case "return" -> { return Flow.RETURN; }
            case "keep" -> store(new Action.Keep(flagsFor(n)), false);
            case "discard" -> {
                add(new Action.Discard());
                implicitKeep = false;
            }
            case "fileinto" -> fileinto(n);
            case "redirect" -> redirect(n);
            case "reject" -> { add(new Action.Reject(str(n.arg(0)))); implicitKeep = false; }
            case "ereject" -> { add(new Action.Ereject(str(n.arg(0)))); implicitKeep = false; }
            case "vacation" -> vacation(n);
            case "setflag", "addflag", "removeflag" -> flags(n);
            case "set" -> set(n);
            case "global" -> list(n.arg(0)).forEach(frame.vars()::declareGlobal);
            case "include" -> { return include(n); }
            case "addheader" -> addheader(n);
            case "deleteheader" -> deleteheader(n);
            case "notify" -> notify(n);
            case "error" -> throw fail(str(n.arg(0)));
            default -> throw fail("command '" + n.name() + "' cannot be executed here");
        }
        return Flow.NEXT;
    }

    private void add(Action a) {
        for (Action earlier : actions) {
            String conflict = conflict(earlier, a);
            if (conflict != null) {
                throw fail(conflict);
            }
        }
        if (++actionCount > settings.maxActions()) {
            throw fail("total number of actions exceeds the limit of " + settings.maxActions()
                    + " (sieve_max_actions)");
        }
        actions.add(a);
    }

    private static String kind(Action a) {
        return a.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** RFC 5429 section 2.1: reject and ereject cannot be combined with delivering or replying. */
    private static String conflict(Action earlier, Action now) {
        boolean rejectNow = now instanceof Action.Reject || now instanceof Action.Ereject;
        boolean rejectEarlier = earlier instanceof Action.Reject || earlier instanceof Action.Ereject;
        if (rejectNow && (rejectEarlier || delivers(earlier))) {
            return kind(now) + " action conflicts with an earlier " + kind(earlier) + " action";
        }
        if (rejectEarlier && delivers(now)) {
            return kind(now) + " action conflicts with an earlier " + kind(earlier) + " action";
        }
        if (earlier instanceof Action.Vacation && now instanceof Action.Vacation) {
            return "only one vacation action is allowed per script execution";
        }
        return null;
    }

    private static boolean delivers(Action a) {
        return a instanceof Action.Keep || a instanceof Action.FileInto || a instanceof Action.Vacation
                || (a instanceof Action.Redirect r && !r.copy());
    }

    private List<String> flagsFor(Node n) {
        return n.has("flags") ? normalizeFlags(list(n.tag("flags"))) : internalFlags;
    }

    private static List<String> normalizeFlags(List<String> raw) {
        Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String s : raw) {
            for (String f : s.trim().split("\\s+")) {
                if (!f.isEmpty()) {
                    byKey.putIfAbsent(f.toLowerCase(Locale.ROOT), f);
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    private void fileinto(Node n) {
        String mailbox = str(n.arg(0));
        if (mailbox.isEmpty() || mailbox.chars().anyMatch(c -> c < 0x20)) {
            throw fail("invalid mailbox name '" + mailbox + "' for fileinto");
        }
        store(new Action.FileInto(mailbox, flagsFor(n), n.has("create"), n.has("copy")), n.has("copy"));
    }

    private static String target(Action a) {
        String box = a instanceof Action.FileInto f ? f.mailbox() : a instanceof Action.Keep ? "INBOX" : null;
        return box != null && box.equalsIgnoreCase("INBOX") ? "INBOX" : box;
    }

    /**
     * RFC 5228 4.1: storing into the same mailbox twice stores one copy. Like Pigeonhole, the later action's flags
     * win and the duplicate neither counts as an action nor touches the implicit keep.
     */
    private void store(Action a, boolean copy) {
        String target = target(a);
        List<String> flags = a instanceof Action.Keep k ? k.flags() : ((Action.FileInto) a).flags();
        for (int i = 0; i < actions.size(); i++) {
            Action earlier = actions.get(i);
            if (target.equals(target(earlier))) {
                actions.set(i, earlier instanceof Action.FileInto f
                        ? new Action.FileInto(f.mailbox(), flags,
                                f.create() || (a instanceof Action.FileInto x && x.create()), f.copy())
                        : new Action.Keep(flags));
                return;
            }
        }
        add(a);
        if (!copy) {
            implicitKeep = false;
        }
    }

    private void redirect(Node n) {
        String raw = str(n.arg(0));
        Address a = Address.parsePath(raw);
        if (a == null || a.domain() == null || a.domain().isEmpty() || raw.chars().anyMatch(c -> c <= 0x20)) {
            throw fail("invalid redirect address '" + raw + "'");
        }
        boolean copy = n.has("copy");
        for (Action x : actions) {
            // local parts are case-sensitive (RFC 5321 2.4), domains are not
            if (x instanceof Action.Redirect r && Address.parsePath(r.address()).localPart().equals(a.localPart())
                    && Address.parsePath(r.address()).domain().equalsIgnoreCase(a.domain())) {
                return; // RFC 5228 4.2: no duplicate redirects
            }
        }
        if (++redirects > settings.maxRedirects()) {
            throw fail("number of redirect actions exceeds the limit of " + settings.maxRedirects()
                    + " (sieve_max_redirects)");
        }
        if (!copy) {
            implicitKeep = false;
        }
        // like Pigeonhole: the same message redirected to the same address again (a loop) is not sent twice
        String messageId = firstHeader("message-id");
        if (ctx.duplicates() != null && messageId != null && !settings.redirectDuplicatePeriod().isZero()) {
            String key = VacationPolicy.trackingKey("redirect", a.all().toLowerCase(Locale.ROOT), messageId.trim());
            Instant now = ctx.clock().instant();
            if (ctx.duplicates().contains(key, now)) {
                return;
            }
            pending.add(new SieveResult.PendingMark(ctx.duplicates(), key, now.plus(settings.redirectDuplicatePeriod())));
        }
        add(new Action.Redirect(a.all(), copy));
    }

    private void vacation(Node n) {
        VacationPolicy.Request r = new VacationPolicy.Request((Long) n.tag("days"), (Long) n.tag("seconds"),
                str(n.tag("subject")), str(n.tag("from")),
                n.has("addresses") ? list(n.tag("addresses")) : List.of(), n.has("mime"), str(n.tag("handle")),
                str(n.arg(0)));
        for (Action a : actions) {
            if (a instanceof Action.Reject || a instanceof Action.Ereject) {
                throw fail("vacation action conflicts with an earlier " + kind(a) + " action");
            }
        }
        VacationPolicy.Decision d = VacationPolicy.decide(r, headers, envelope, ctx);
        if (d.reply() != null) {
            add(d.reply());
            if (d.mark() != null) {
                pending.add(d.mark());
            }
        }
    }

    private void flags(Node n) {
        String variable = str(n.arg(0));
        List<String> given = normalizeFlags(list(n.arg(1)));
        List<String> current = variable == null ? internalFlags : normalizeFlags(List.of(frame.vars().get(variable)));
        List<String> result = switch (n.name()) {
            case "setflag" -> given;
            case "addflag" -> {
                List<String> l = new ArrayList<>(current);
                l.addAll(given);
                yield normalizeFlags(l);
            }
            default -> {
                Set<String> remove = new HashSet<>();
                given.forEach(g -> remove.add(g.toLowerCase(Locale.ROOT)));
                List<String> l = new ArrayList<>();
                for (String c : current) {
                    if (!remove.contains(c.toLowerCase(Locale.ROOT))) {
                        l.add(c);
                    }
                }
                yield l;
            }
        };
        if (variable == null) {
            internalFlags = List.copyOf(result);
        } else {
            setVariable(variable, String.join(" ", result));
        }
    }

    private void setVariable(String name, String value) {
        if (!frame.vars().set(name, value)) {
            throw fail("too many variables (the limit is " + settings.maxVariables() + ")");
        }
    }

    private void set(Node n) {
        String value = str(n.arg(1));
        // modifiers apply from highest precedence (RFC 5229 section 4.1): case, case-first, quoting, encodeurl, length
        if (n.has("lower")) {
            value = value.toLowerCase(Locale.ROOT);
        } else if (n.has("upper")) {
            value = value.toUpperCase(Locale.ROOT);
        }
        if (!value.isEmpty() && n.has("lowerfirst")) {
            value = value.substring(0, 1).toLowerCase(Locale.ROOT) + value.substring(1);
        } else if (!value.isEmpty() && n.has("upperfirst")) {
            value = value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
        }
        if (n.has("quotewildcard")) {
            value = value.replaceAll("([*?\\\\])", "\\\\$1");
        } else if (n.has("quoteregex")) {
            value = value.replaceAll("([*?\\\\.+\\[\\](){}^$|])", "\\\\$1");
        }
        if (n.has("encodeurl")) {
            StringBuilder sb = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("%%%02X", c));
                }
            }
            value = sb.toString();
        }
        if (n.has("length")) {
            value = String.valueOf(value.codePointCount(0, value.length()));
        }
        setVariable((String) n.arg(0), value);
    }

    private Flow include(Node n) {
        String name = str(n.arg(0));
        boolean global = n.has("global");
        String key = (global ? "global:" : "personal:") + name;
        if (includeStack.contains(key)) {
            List<String> chain = new ArrayList<>(includeStack);
            java.util.Collections.reverse(chain);
            throw fail("include cycle: " + String.join(" -> ", chain) + " -> " + key);
        }
        if (n.has("once") && included.contains(key)) {
            return Flow.NEXT;
        }
        if (includeStack.size() > settings.includeMaxNesting()) {
            throw fail("include nesting is too deep (the limit is " + settings.includeMaxNesting() + ")");
        }
        if (++includes > settings.includeMaxIncludes()) {
            throw fail("too many includes (the limit is " + settings.includeMaxIncludes() + ")");
        }
        SieveScript script;
        try {
            script = ctx.includes() == null ? null : ctx.includes().resolve(global, name);
        } catch (SieveSyntaxException e) {
            throw fail("included script '" + name + "' does not compile: " + e.getMessage());
        }
        if (script == null) {
            if (n.has("optional")) {
                return Flow.NEXT;
            }
            throw fail("included " + (global ? "global" : "personal") + " script '" + name + "' does not exist");
        }
        included.add(key);
        includeStack.push(key);
        int savedLine = line;
        try {
            Flow f = runScript(script);
            return f == Flow.STOP ? Flow.STOP : Flow.NEXT;
        } finally {
            includeStack.pop();
            line = savedLine;
        }
    }

    private boolean protectedHeader(String name) {
        String lc = name.toLowerCase(Locale.ROOT);
        return ALWAYS_PROTECTED.contains(lc) || settings.editheaderProtected().contains(lc);
    }

    private void addheader(Node n) {
        String name = str(n.arg(0));
        String value = str(n.arg(1));
        if (!FIELD_NAME.matcher(name).matches()) {
            throw fail("addheader: invalid header field name '" + name + "'");
        }
        if (protectedHeader(name)) {
            return; // RFC 5293 section 6: protected fields are silently left alone
        }
        String folded = value.replaceAll("\r?\n(?![ \t])", "\r\n\t");
        HeaderField field = new HeaderField(name, org.colombier.sieve.mail.Rfc2047.encode(folded));
        if (n.has("last")) {
            headers.add(field);
        } else {
            headers.add(0, field);
        }
        headersEdited = true;
        actions.add(new Action.AddHeader(name, value, n.has("last")));
    }

    private void deleteheader(Node n) {
        String name = str(n.arg(0));
        List<String> patterns = list(n.arg(1));
        if (!FIELD_NAME.matcher(name).matches()) {
            throw fail("deleteheader: invalid header field name '" + name + "'");
        }
        if (protectedHeader(name)) {
            return;
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                positions.add(i);
            }
        }
        if (n.has("index")) {
            int idx = ((Long) n.tag("index")).intValue();
            int pick = n.has("last") ? positions.size() - idx : idx - 1;
            positions = pick >= 0 && pick < positions.size() ? List.of(positions.get(pick)) : List.of();
        }
        Comparator cmp = Comparator.of(str(n.tag("comparator")));
        String type = (String) n.tag("#match-type");
        List<Integer> doomed = new ArrayList<>();
        for (int p : positions) {
            if (patterns == null || matching.match(type, relation(n, type), cmp, List.of(decoded(headers.get(p))),
                    patterns, null)) {
                doomed.add(p);
            }
        }
        for (int i = doomed.size() - 1; i >= 0; i--) {
            headers.remove((int) doomed.get(i));
        }
        if (!doomed.isEmpty()) {
            headersEdited = true;
            actions.add(new Action.DeleteHeader(name, doomed.size()));
        }
    }

    private static boolean validMailto(String uri) {
        if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
            return false;
        }
        String rest = uri.substring(7);
        int q = rest.indexOf('?');
        String to;
        try {
            to = java.net.URLDecoder.decode((q < 0 ? rest : rest.substring(0, q)).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false; // broken %-escape
        }
        if (to.isEmpty()) {
            return q >= 0 && rest.substring(q).toLowerCase(Locale.ROOT).contains("to=");
        }
        for (String addr : to.split(",")) {
            Address a = Address.parsePath(addr);
            if (a == null || a.domain() == null || a.domain().isEmpty() || addr.trim().contains(" ")) {
                return false;
            }
        }
        return true;
    }

    private void notify(Node n) {
        String method = str(n.arg(0));
        if (!validMailto(method)) {
            throw fail("invalid or unsupported notification method '" + method + "'");
        }
        String from = str(n.tag("from"));
        int importance = n.has("importance") ? Integer.parseInt(str(n.tag("importance"))) : 2;
        List<String> options = n.has("options") ? list(n.tag("options")) : List.of();
        String msg = str(n.tag("message"));
        if (msg == null) {
            String f = firstHeader("from");
            String s = firstHeader("subject");
            msg = (f == null ? "" : f) + ": " + (s == null ? "" : s);
        }
        for (Action a : actions) {
            if (a instanceof Action.Notify x && x.method().equalsIgnoreCase(method)) {
                return; // RFC 5435 section 3.9: duplicate notifications are ignored
            }
        }
        add(new Action.Notify(method, from, importance, options, msg));
    }

    // ---- tests --------------------------------------------------------------------------------------------

    private static String relation(Node t, String type) {
        return "count".equals(type) || "value".equals(type) ? (String) t.tag(type) : null;
    }

    /** Runs the test's match with its comparator and match type, capturing match variables when enabled. */
    private boolean match(Node t, List<String> values, List<String> keys) {
        String type = (String) t.tag("#match-type");
        // the string test compares octets unless told otherwise, as Pigeonhole (the reference) does
        Comparator cmp = !t.has("comparator") && t.name().equals("string") ? Comparator.OCTET
                : Comparator.of(str(t.tag("comparator")));
        boolean capture = frame.variables() && ("matches".equals(type) || "regex".equals(type));
        List<String> caps = capture ? new ArrayList<>() : null;
        boolean ok = matching.match(type, relation(t, type), cmp, values, keys, caps);
        if (ok && capture) {
            frame.vars().matches.clear();
            frame.vars().matches.addAll(caps);
        }
        return ok;
    }

    /** Unfolding and RFC 2047 decoding once per field, however many tests look at it. */
    private String decoded(HeaderField f) {
        return decodedFields.computeIfAbsent(f, HeaderField::decoded);
    }

    private String firstHeader(String name) {
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return decoded(h);
            }
        }
        return null;
    }

    /** Header fields named {@code name}, narrowed to one by :index/:last. */
    private List<HeaderField> fields(Node t, String name) {
        List<HeaderField> all = new ArrayList<>();
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                all.add(h);
            }
        }
        if (t.has("index")) {
            int idx = ((Long) t.tag("index")).intValue();
            int pick = t.has("last") ? all.size() - idx : idx - 1;
            return pick >= 0 && pick < all.size() ? List.of(all.get(pick)) : List.of();
        }
        return all;
    }

    private boolean test(Node t) {
        return switch (t.name()) {
            case "true" -> true;
            case "false" -> false;
            case "not" -> !test(t.tests().get(0));
            case "allof" -> t.tests().stream().allMatch(this::test);
            case "anyof" -> t.tests().stream().anyMatch(this::test);
            case "exists" -> list(t.arg(0)).stream().allMatch(h -> headers.stream().anyMatch(f -> f.name().equalsIgnoreCase(h)));
            case "size" -> t.has("over") ? message.size() > (Long) t.tag("over") : message.size() < (Long) t.tag("under");
            case "header" -> {
                List<String> values = new ArrayList<>();
                for (String name : list(t.arg(0))) {
                    fields(t, name).forEach(f -> values.add(decoded(f)));
                }
                yield match(t, values, list(t.arg(1)));
            }
            case "address" -> {
                List<String> values = new ArrayList<>();
                for (String name : list(t.arg(0))) {
                    for (HeaderField f : fields(t, name)) {
                        List<Address> parsed = Address.parseList(f.unfolded());
                        if (parsed.isEmpty() && !f.unfolded().isBlank()) {
                            // no address to be found: like Pigeonhole, :all sees the raw value, other parts nothing
                            String part = (String) t.tag("#address-part");
                            values.add(part == null || part.equals("all") ? f.unfolded() : null);
                        }
                        for (Address a : parsed) {
                            values.add(addressPart(t, a));
                        }
                    }
                }
                yield matchAddresses(t, values);
            }
            case "envelope" -> {
                List<String> values = new ArrayList<>();
                for (String part : list(t.arg(0))) {
                    String raw = switch (part.toLowerCase(Locale.ROOT)) {
                        case "from" -> envelope.nullSender() ? "" : envelope.from();
                        case "to" -> envelope.to();
                        case "auth" -> envelope.auth();
                        default -> null;
                    };
                    if (raw == null) {
                        continue;
                    }
                    Address a = Address.parsePath(raw);
                    values.add(a == null ? "" : addressPart(t, a));
                }
                yield matchAddresses(t, values);
            }
            case "string" -> {
                List<String> values = list(t.arg(0));
                if ("count".equals(t.tag("#match-type"))) {
                    values = values.stream().filter(v -> !v.isEmpty()).toList();
                }
                yield match(t, values, list(t.arg(1)));
            }
            case "hasflag" -> {
                List<String> flags = t.arg(0) == null ? internalFlags
                        : normalizeFlags(list(t.arg(0)).stream().map(frame.vars()::get).toList());
                yield match(t, flags, list(t.arg(1)));
            }
            case "body" -> match(t, bodyValues(t), list(t.arg(0)));
            case "date", "currentdate" -> dateTest(t);
            case "mailboxexists" -> list(t.arg(0)).stream().allMatch(ctx.mailboxes()::exists);
            case "duplicate" -> duplicate(t);
            case "environment" -> {
                String v = environment(str(t.arg(0)).toLowerCase(Locale.ROOT));
                yield v != null && match(t, List.of(v), list(t.arg(1)));
            }
            case "ihave" -> list(t.arg(0)).stream().allMatch(c -> settings.extensions().contains(c.toLowerCase(Locale.ROOT)));
            case "valid_notify_method" -> list(t.arg(0)).stream().allMatch(Interpreter::validMailto);
            case "notify_method_capability" -> {
                String uri = str(t.arg(0));
                String cap = str(t.arg(1));
                yield validMailto(uri) && cap.equalsIgnoreCase("online") && match(t, List.of("maybe"), list(t.arg(2)));
            }
            case "spamtest" -> match(t, List.of(scoreTest(settings.spamtest(), t.has("percent") ? 100 : 10,
                    t.has("percent"))), List.of(str(t.arg(0))));
            case "virustest" -> match(t, List.of(scoreTest(settings.virustest(), 5, false)), List.of(str(t.arg(0))));
            default -> throw fail("test '" + t.name() + "' cannot be evaluated");
        };
    }

    /** For :count the number of addresses is what counts, including those whose part is absent. */
    private boolean matchAddresses(Node t, List<String> values) {
        if ("count".equals(t.tag("#match-type"))) {
            return match(t, values.stream().map(v -> v == null ? "" : v).toList(), list(t.arg(1)));
        }
        return match(t, values.stream().filter(v -> v != null).toList(), list(t.arg(1)));
    }

    /** @return null when the part does not exist (":detail" without a delimiter) */
    private String addressPart(Node t, Address a) {
        String part = (String) t.tag("#address-part");
        String local = a.localPart();
        String delimiters = settings.recipientDelimiter() == null ? "" : settings.recipientDelimiter();
        int cut = -1;
        for (char d : delimiters.toCharArray()) {
            int i = local.indexOf(d);
            if (i >= 0 && (cut < 0 || i < cut)) {
                cut = i;
            }
        }
        if (part == null || part.equals("all")) {
            return a.all();
        }
        return switch (part) {
            case "localpart" -> local;
            case "domain" -> a.domain() == null ? "" : a.domain();
            case "user" -> cut < 0 ? local : local.substring(0, cut);
            default -> cut < 0 ? null : local.substring(cut + 1);
        };
    }

    private List<String> bodyValues(Node t) {
        try {
            if (t.has("raw")) {
                if (rawBody == null) {
                    try (InputStream in = message.openBody()) {
                        rawBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
                return List.of(rawBody);
            }
            if (bodyParts == null) {
                try (InputStream in = message.openBody()) {
                    bodyParts = MimeParts.parse(message.headers(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message body", e);
        }
        List<String> types = t.has("content") ? list(t.tag("content")) : List.of("text");
        List<String> values = new ArrayList<>();
        for (MimeParts.Part p : bodyParts) {
            for (String type : types) {
                String ty = type.toLowerCase(Locale.ROOT);
                boolean hit = ty.isEmpty() || (ty.contains("/") ? p.contentType().equals(ty)
                        : p.contentType().startsWith(ty + "/"));
                if (hit) {
                    // :text means the text a reader sees, so HTML loses its markup (as Pigeonhole converts it)
                    values.add(!t.has("content") && p.contentType().equals("text/html") ? htmlToText(p.text()) : p.text());
                    break;
                }
            }
        }
        return values;
    }

    private static final Pattern HTML_INVISIBLE = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern HTML_TAG = Pattern.compile("(?s)<[^>]*>");

    static String htmlToText(String html) {
        String text = HTML_TAG.matcher(HTML_INVISIBLE.matcher(html).replaceAll(" ")).replaceAll("");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private boolean dateTest(Node t) {
        boolean current = t.name().equals("currentdate");
        ZonedDateTime d;
        int i = 0;
        if (current) {
            d = ZonedDateTime.ofInstant(ctx.clock().instant(), ctx.clock().getZone());
        } else {
            String headerName = str(t.arg(0));
            i = 1;
            List<HeaderField> fs = fields(t, headerName);
            if (fs.isEmpty()) {
                return false;
            }
            String value = decoded(fs.get(0));
            if (headerName.equalsIgnoreCase("received")) {
                int semi = value.lastIndexOf(';');
                value = semi >= 0 ? value.substring(semi + 1) : value;
            }
            d = DateParts.parse(value);
            if (d == null) {
                return false;
            }
        }
        if (t.tag("zone") instanceof String z) {
            var off = DateParts.offset(str(z));
            if (off == null) {
                return false;
            }
            d = d.withZoneSameInstant(off);
        } else if (!t.has("originalzone")) {
            ZoneId local = ctx.clock().getZone();
            d = d.withZoneSameInstant(local.getRules().getOffset(d.toInstant()));
        }
        String part = DateParts.part(d, str(t.arg(i)));
        if (part == null) {
            return false; // an unknown part computed at run time never matches, as in Pigeonhole
        }
        return match(t, List.of(part), list(t.arg(i + 1)));
    }

    private boolean duplicate(Node t) {
        String id;
        if (t.has("uniqueid")) {
            id = str(t.tag("uniqueid"));
        } else {
            String header = t.has("header") ? str(t.tag("header")) : "Message-ID";
            id = firstHeader(header);
            if (id == null) {
                return false;
            }
        }
        if (ctx.duplicates() == null) {
            throw fail("duplicate tracking is not available");
        }
        String handle = t.has("handle") ? str(t.tag("handle")) : "";
        String key = VacationPolicy.trackingKey("duplicate", handle, id.trim());
        Instant now = ctx.clock().instant();
        boolean seen = ctx.duplicates().contains(key, now)
                || pending.stream().anyMatch(m -> m.key().equals(key));
        Duration period = t.has("seconds") ? Duration.ofSeconds((Long) t.tag("seconds")) : settings.duplicateDefaultPeriod();
        if (period.compareTo(settings.duplicateMaxPeriod()) > 0) {
            period = settings.duplicateMaxPeriod();
        }
        if (!seen || t.has("last")) {
            pending.add(new SieveResult.PendingMark(ctx.duplicates(), key, now.plus(period)));
        }
        return seen;
    }

    private String environment(String name) {
        String v = ctx.environment().get(name);
        if (v != null) {
            return v;
        }
        return switch (name) {
            case "name" -> "Colombier";
            case "version" -> "0.1";
            case "location" -> "MDA";
            case "phase" -> "during";
            default -> null;
        };
    }

    /** RFC 5235: "0" when the message was not tested, else a level scaled to {@code top}. */
    private String scoreTest(SieveSettings.ScoreTestSettings s, int top, boolean percent) {
        if (s == null) {
            return "0";
        }
        String raw = firstHeader(s.header());
        if (raw == null) {
            return "0";
        }
        String status = raw;
        if (s.regex() != null) {
            Matcher m = Pattern.compile(s.regex()).matcher(raw);
            if (!m.find()) {
                return "0";
            }
            status = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        }
        double value;
        switch (s.type()) {
            case "strlen" -> value = status.trim().length();
            case "text" -> {
                int idx = s.textValues().indexOf(status.trim());
                if (idx < 0) {
                    return "0";
                }
                return String.valueOf(percent ? idx * 100 / Math.max(1, s.textValues().size() - 1) : idx);
            }
            default -> {
                try {
                    value = Double.parseDouble(status.trim());
                } catch (NumberFormatException e) {
                    return "0";
                }
            }
        }
        double ratio = Math.max(0, Math.min(1, value / s.maxValue()));
        if (percent) {
            return String.valueOf(Math.round(ratio * 100));
        }
        return String.valueOf(1 + Math.round(ratio * (top - 1)));
    }
}
