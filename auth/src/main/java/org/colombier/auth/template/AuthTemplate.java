package org.colombier.auth.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.colombier.api.auth.AuthConfigException;

/**
 * The subset of Dovecot 2.4's {@code %{variable | filter}} expansion the auth drivers need:
 * variables {@code user}, {@code service}, {@code remote_ip}, {@code local_ip}; filters
 * {@code username}, {@code domain}, {@code lower}, {@code upper}; {@code %%} is a literal {@code %}.
 * Parsed once at configuration time; unknown names are configuration errors.
 */
public final class AuthTemplate {
    private static final Set<String> VARIABLES = Set.of("user", "service", "remote_ip", "local_ip");
    private static final Set<String> FILTERS = Set.of("username", "domain", "lower", "upper");

    /** One piece of a template: literal text, or a variable with its filters. */
    public sealed interface Part {
    }

    public record Literal(String text) implements Part {
    }

    public record Variable(String name, List<String> filters) implements Part {
        public Variable {
            filters = List.copyOf(filters);
        }

        public String value(AuthVariables vars) {
            String value = vars.get(name);
            for (String filter : filters) {
                value = switch (filter) {
                    case "username" -> value.indexOf('@') < 0 ? value : value.substring(0, value.indexOf('@'));
                    case "domain" -> value.indexOf('@') < 0 ? "" : value.substring(value.indexOf('@') + 1);
                    case "lower" -> value.toLowerCase(Locale.ROOT);
                    default -> value.toUpperCase(Locale.ROOT);
                };
            }
            return value;
        }
    }

    private final String source;
    private final List<Part> parts;

    private AuthTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    public static AuthTemplate parse(String source) throws AuthConfigException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
            } else if (source.startsWith("%%", i)) {
                literal.append('%');
                i += 2;
            } else if (source.startsWith("%{", i)) {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new AuthConfigException("unterminated %{ in \"" + source + "\"");
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(variable(source.substring(i + 2, end), source));
                i = end + 1;
            } else {
                throw new AuthConfigException("stray % in \"" + source + "\" (write %% or %{variable})");
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new AuthTemplate(source, parts);
    }

    private static Variable variable(String body, String source) throws AuthConfigException {
        String[] pieces = body.split("\\|");
        String name = pieces[0].strip();
        if (!VARIABLES.contains(name)) {
            throw new AuthConfigException("unknown variable %{" + name + "} in \"" + source + "\"");
        }
        List<String> filters = new ArrayList<>();
        for (int i = 1; i < pieces.length; i++) {
            String filter = pieces[i].strip();
            if (!FILTERS.contains(filter)) {
                throw new AuthConfigException("unknown filter \"" + filter + "\" in \"" + source + "\"");
            }
            filters.add(filter);
        }
        return new Variable(name, filters);
    }

    public List<Part> parts() {
        return parts;
    }

    public boolean hasVariables() {
        return parts.stream().anyMatch(Variable.class::isInstance);
    }

    public String expand(AuthVariables vars) {
        return expand(vars, UnaryOperator.identity());
    }

    /** Expands, passing each variable's value through {@code escape} (literal text is left alone). */
    public String expand(AuthVariables vars, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                out.append(escape.apply(((Variable) part).value(vars)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
