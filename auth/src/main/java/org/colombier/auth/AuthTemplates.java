package org.colombier.auth;

import java.net.InetAddress;
import java.util.Map;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.api.template.UserVariables;

/**
 * The settings templates of passdb/userdb sections ({@code passwd_file_path}, SQL queries, static
 * fields) and the values they expand for a request. No home directory is known while a user is
 * being looked up, so {@code ~} is plain text and {@code %{home}} is refused.
 */
public final class AuthTemplates {
    private AuthTemplates() {
    }

    /** Parses a driver setting; a bad template is a configuration error of the section. */
    public static Template parse(String text) throws AuthConfigException {
        Template template;
        try {
            template = Template.parseText(text);
        } catch (TemplateException e) {
            throw new AuthConfigException(e.getMessage(), e);
        }
        if (template.usesHome()) {
            throw new AuthConfigException("%{home} is not known while looking a user up: \"" + text + "\"");
        }
        return template;
    }

    /** The variables of an authentication request: user, service, remote_ip, local_ip. */
    public static UserVariables of(AuthRequest request) {
        return new UserVariables(request.user(), null, Map.of(
                "service", request.service() == null ? "" : request.service(),
                "remote_ip", address(request.remoteIp()),
                "local_ip", address(request.localIp())));
    }

    /** For lookups with only a user name (userdb, iteration). */
    public static UserVariables ofUser(String user) {
        return new UserVariables(user, null);
    }

    private static String address(InetAddress ip) {
        return ip == null ? "" : ip.getHostAddress();
    }
}
