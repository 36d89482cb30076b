package org.colombier.api.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A Dovecot 2.4 settings template such as {@code /srv/mail/%{user | domain}/%{user | username}} or
 * {@code ~/Maildir}: parsed once, expanded per user.
 *
 * <p>Variables: {@code user}, {@code home}, {@code service}, {@code remote_ip}, {@code local_ip},
 * {@code session}. Filters, applied left to right: {@code username} (the part before {@code @}),
 * {@code domain} (the part after it, empty if none), {@code lower}, {@code upper}. {@code %%} is a
 * literal {@code %}; a leading {@code ~/} (or a lone {@code ~}) means the user's home.
 */
public final class Template {
    private static final List<String> VARIABLES = List.of("user", "home", "service", "remote_ip", "local_ip", "session");

    /** A filter applied to a variable's value. */
    public enum Filter {
        USERNAME, DOMAIN, LOWER, UPPER;

        String apply(String value) {
            int at = value.indexOf('@');
            return switch (this) {
                case USERNAME -> at < 0 ? value : value.substring(0, at);
                case DOMAIN -> at < 0 ? "" : value.substring(at + 1);
                case LOWER -> value.toLowerCase(Locale.ROOT);
                case UPPER -> value.toUpperCase(Locale.ROOT);
            };
        }
    }

    /**
     * One piece of a parsed template, for callers that place values themselves (an SQL query
     * binds each {@link Variable} as a {@code ?} parameter).
     */
    public sealed interface Part permits Literal, Variable, Home {
    }

    /** Text taken as written ({@code %%} already turned into {@code %}). */
    public record Literal(String text) implements Part {
    }

    /** A {@code %{name | filter ...}} reference. */
    public record Variable(String name, List<Filter> filters) implements Part {
        public Variable {
            filters = List.copyOf(filters);
        }

        /** This variable's value for {@code vars}, filters applied; a missing home is a {@link TemplateException}. */
        public String value(UserVariables vars) {
            String value = switch (name) {
                case "user" -> vars.user();
                case "home" -> home(vars, "%{home}");
                default -> vars.extra().getOrDefault(name, "");
            };
            for (Filter f : filters) {
                value = f.apply(value);
            }
            return value;
        }
    }

    /** The leading {@code ~}. */
    public record Home() implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** Parses {@code text}; an unknown variable or filter, or a stray {@code %}, is a {@link TemplateException}. */
    public static Template parse(String text) {
        return parse(text, true);
    }

    /**
     * Parses a value that is not a path of the user's own, such as a passdb/userdb field or an SQL
     * query, where a leading {@code ~} is an ordinary character (a userdb field
     * {@code mail_path = ~/Maildir} is for the mail layer to expand later).
     */
    public static Template parseText(String text) {
        return parse(text, false);
    }

    private static Template parse(String text, boolean leadingTildeIsHome) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        if (leadingTildeIsHome && (text.equals("~") || text.startsWith("~/"))) {
            parts.add(new Home());
            i = 1;
        }
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            if (i + 1 >= text.length() || text.charAt(i + 1) != '{') {
                throw new TemplateException("'%' must start %{variable} or be doubled as %% in: " + text);
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0) {
                throw new TemplateException("unclosed %{ in: " + text);
            }
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(variable(text.substring(i + 2, close), text));
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(text, parts);
    }

    private static Variable variable(String body, String text) {
        String[] pieces = body.split("\\|", -1);
        String name = pieces[0].trim();
        if (!VARIABLES.contains(name)) {
            throw new TemplateException("unknown variable %{" + name + "} in: " + text);
        }
        List<Filter> filters = new ArrayList<>();
        for (int k = 1; k < pieces.length; k++) {
            String filter = pieces[k].trim();
            try {
                filters.add(Filter.valueOf(filter.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new TemplateException("unknown filter '" + filter + "' in: " + text);
            }
        }
        return new Variable(name, filters);
    }

    /** The template as written. */
    public String source() {
        return source;
    }

    /** The template's pieces in order. */
    public List<Part> parts() {
        return parts;
    }

    /** True when some part of the template is a variable (or the home directory). */
    public boolean hasVariables() {
        return parts.stream().anyMatch(p -> !(p instanceof Literal));
    }

    /** True when the template refers to the home directory ({@code ~} or {@code %{home}}). */
    public boolean usesHome() {
        return parts.stream().anyMatch(p -> p instanceof Home || p instanceof Variable v && v.name().equals("home"));
    }

    /** Expands every variable as is: for text such as a greeting, never for paths (use {@link #expandPath}). */
    public String expand(UserVariables vars) {
        return expand(vars, UnaryOperator.identity());
    }

    /** Expands with each variable's value passed through {@code escape} (an SQL string escaper, say). */
    public String expand(UserVariables vars, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Home) {
                out.append(home(vars));
            } else {
                out.append(escape.apply(((Variable) part).value(vars)));
            }
        }
        return out.toString();
    }

    /**
     * Expands a path template. A value from outside (the user name, the service ...) can never add
     * or climb a directory level: a value that is empty, {@code .} or {@code ..}, or contains
     * {@code /} or a control character, is refused. The home directory, which the userdb supplies,
     * may contain {@code /}. With a {@code base}, a relative result is resolved against it and the
     * result must lie under it.
     *
     * @param base the directory the result must stay in, or null for no such bound
     * @throws TemplateException when the expansion is refused
     */
    public Path expandPath(UserVariables vars, Path base) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Home) {
                out.append(checkedHome(vars));
            } else {
                Variable v = (Variable) part;
                out.append(v.name().equals("home") && v.filters().isEmpty() ? checkedHome(vars) : checkedSegment(v, v.value(vars)));
            }
        }
        Path path = Path.of(out.toString());
        if (base == null) {
            return path.normalize();
        }
        Path root = base.toAbsolutePath().normalize();
        Path resolved = root.resolve(path).toAbsolutePath().normalize();
        if (!resolved.startsWith(root)) {
            throw new TemplateException("'" + source + "' expands to " + resolved + ", outside " + root);
        }
        return resolved;
    }

    private String checkedHome(UserVariables vars) {
        String home = home(vars);
        if (home.isEmpty() || hasControl(home)) {
            throw new TemplateException("unusable home directory for " + vars.user() + " in '" + source + "'");
        }
        return home;
    }

    private String checkedSegment(Variable v, String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..") || value.indexOf('/') >= 0 || hasControl(value)) {
            throw new TemplateException("%{" + v.name() + "} value '" + printable(value)
                    + "' is not allowed in a path ('" + source + "')");
        }
        return value;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(ch -> b.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", ch) : String.valueOf((char) ch)));
        return b.toString();
    }

    private String home(UserVariables vars) {
        return home(vars, source);
    }

    private static String home(UserVariables vars, String source) {
        if (vars.home() == null) {
            throw new TemplateException("no home directory known for " + vars.user() + " in '" + source + "'");
        }
        return vars.home();
    }

    /** The variables this template understands, for error messages and documentation. */
    public static List<String> variableNames() {
        return VARIABLES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
