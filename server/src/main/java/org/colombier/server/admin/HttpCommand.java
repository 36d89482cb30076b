package org.colombier.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the doveadm HTTP API names an admin command and its parameters, as Dovecot does: the CLI
 * name in camelCase ({@code stats dump} is {@code statsDump}, {@code -1 / --separate-connections}
 * is {@code separateConnections}). Translates a JSON parameter object into the argument list the
 * {@link AdminCommand} takes, so both front doors run the same code.
 *
 * @param name    the API's command name
 * @param command the admin endpoint's command it runs
 * @param params  what it accepts, options first, then at most one positional array
 */
record HttpCommand(String name, String command, List<Param> params) {
    /** Dovecot's parameter types, as {@code GET /doveadm/v1} lists them. */
    enum Type {
        BOOLEAN, INTEGER, STRING, ARRAY;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One parameter.
     *
     * @param option the CLI option it becomes ({@code -1}), or null for the positional arguments
     */
    record Param(String name, Type type, String option) {
    }

    /** Every command the API offers; a command missing here is not reachable over HTTP. */
    static final List<HttpCommand> ALL = List.of(
            new HttpCommand("who", "who", List.of(
                    new Param("separateConnections", Type.BOOLEAN, "-1"),
                    new Param("mask", Type.ARRAY, null))),
            new HttpCommand("kick", "kick", List.of(new Param("mask", Type.ARRAY, null))),
            new HttpCommand("statsDump", "stats-dump", List.of(new Param("reset", Type.BOOLEAN, "-r"))),
            new HttpCommand("authCacheFlush", "auth-cache-flush", List.of(new Param("user", Type.ARRAY, null))),
            new HttpCommand("logErrors", "log-errors", List.of(new Param("since", Type.INTEGER, "-s"))),
            new HttpCommand("reload", "reload", List.of()),
            new HttpCommand("stop", "stop", List.of()));

    /** A parameter the command does not know, or a value of the wrong type. */
    static final class InvalidParameter extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidParameter(String message) {
            super(message);
        }
    }

    /** The admin command's arguments for a JSON parameter object (an object; checked by the caller). */
    List<String> args(JsonNode given) throws InvalidParameter {
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            String key = field.getKey();
            if (params.stream().noneMatch(p -> p.name().equals(key))) {
                throw new InvalidParameter(name + " has no parameter '" + key + "'");
            }
        }
        List<String> options = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (Param param : params) {
            JsonNode value = given.get(param.name());
            if (value == null || value.isNull()) {
                continue;
            }
            switch (param.type()) {
                case BOOLEAN -> {
                    if (bool(param, value)) {
                        options.add(param.option());
                    }
                }
                case INTEGER -> {
                    options.add(param.option());
                    options.add(integer(param, value));
                }
                case STRING -> {
                    options.add(param.option());
                    options.add(string(param, value));
                }
                case ARRAY -> positional.addAll(strings(param, value));
            }
        }
        options.addAll(positional);
        return options;
    }

    /** JSON {@code true}/{@code false}, or those words as strings (Dovecot reads both). */
    private static boolean bool(Param param, JsonNode value) throws InvalidParameter {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return value.textValue().equals("true");
        }
        throw new InvalidParameter("parameter '" + param.name() + "' must be true or false");
    }

    private static String integer(Param param, JsonNode value) throws InvalidParameter {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return String.valueOf(value.longValue());
        }
        if (value.isTextual() && value.textValue().matches("-?\\d{1,18}")) {
            return value.textValue();
        }
        throw new InvalidParameter("parameter '" + param.name() + "' must be an integer");
    }

    private static String string(Param param, JsonNode value) throws InvalidParameter {
        if (!value.isTextual()) {
            throw new InvalidParameter("parameter '" + param.name() + "' must be a string");
        }
        return value.textValue();
    }

    /** A string or an array of strings, as Dovecot takes array parameters. */
    private static List<String> strings(Param param, JsonNode value) throws InvalidParameter {
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    break;
                }
                out.add(item.textValue());
            }
            if (out.size() == value.size()) {
                return out;
            }
        }
        throw new InvalidParameter("parameter '" + param.name() + "' must be a string or an array of strings");
    }
}
