package org.colombier.server.lmtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of {@code MAIL FROM:} and {@code RCPT TO:} (RFC 5321 4.1.2): a path in angle
 * brackets, then {@code KEYWORD[=VALUE]} parameters. A source route ({@code <@a,@b:x@y>}) is
 * dropped as RFC 5321 C allows; a quoted local part keeps its quotes' content.
 *
 * @param address    the address, {@code ""} for the null path {@code <>}
 * @param parameters the parameters by upper-case keyword, in order; a keyword without value maps to {@code ""}
 */
record PathArgument(String address, Map<String, String> parameters) {
    /** Thrown with the reply text (without code) when the argument does not parse. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    /**
     * Parses what follows the verb, e.g. {@code FROM:<a@b> SIZE=10}.
     *
     * @param keyword {@code FROM} or {@code TO}
     */
    static PathArgument parse(String argument, String keyword) throws SyntaxError {
        String prefix = keyword + ":";
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new SyntaxError("Invalid parameters");
        }
        String rest = argument.substring(prefix.length()).stripLeading();
        if (!rest.startsWith("<")) {
            throw new SyntaxError("Invalid " + keyword + ": Missing '<' at start of path");
        }
        StringBuilder address = new StringBuilder();
        boolean quoted = false;
        int i = 1;
        for (; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && quoted && i + 1 < rest.length()) {
                address.append(rest.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                break;
            } else if (c == ' ' && !quoted) {
                throw new SyntaxError("Invalid " + keyword + ": Space in path");
            } else {
                address.append(c);
            }
        }
        if (i >= rest.length()) {
            throw new SyntaxError("Invalid " + keyword + ": Missing '>' at end of path");
        }
        String path = address.toString();
        if (path.startsWith("@")) {
            int colon = path.indexOf(':');
            if (colon < 0) {
                throw new SyntaxError("Invalid " + keyword + ": Invalid source route");
            }
            path = path.substring(colon + 1);
        }
        if (!path.isEmpty()) {
            int at = path.lastIndexOf('@');
            if (at == 0 || at == path.length() - 1) {
                throw new SyntaxError("Invalid " + keyword + ": Invalid address");
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String params = rest.substring(i + 1);
        if (!params.isEmpty() && !params.startsWith(" ")) {
            throw new SyntaxError("Invalid " + keyword + ": Garbage after path");
        }
        for (String param : params.trim().split(" +")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (name.isEmpty() || parameters.put(name, eq < 0 ? "" : param.substring(eq + 1)) != null) {
                throw new SyntaxError("Invalid " + keyword + " parameter: " + param);
            }
        }
        return new PathArgument(path, parameters);
    }
}
