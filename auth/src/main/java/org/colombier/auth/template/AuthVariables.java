package org.colombier.auth.template;

import org.colombier.api.auth.AuthRequest;

/** The values a template can use, taken from the request being served. */
public record AuthVariables(String user, String service, String remoteIp, String localIp) {
    public static AuthVariables of(AuthRequest request) {
        return new AuthVariables(request.user(), nonNull(request.service()),
                request.remoteIp() == null ? "" : request.remoteIp().getHostAddress(),
                request.localIp() == null ? "" : request.localIp().getHostAddress());
    }

    /** For lookups with only a user name (userdb, iteration). */
    public static AuthVariables ofUser(String user) {
        return new AuthVariables(user, "", "", "");
    }

    String get(String name) {
        return switch (name) {
            case "user" -> user;
            case "service" -> service;
            case "remote_ip" -> remoteIp;
            default -> localIp;
        };
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
