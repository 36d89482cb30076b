package org.colombier.doveadm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.colombier.api.auth.AuthRequest;
import picocli.CommandLine.Option;

/**
 * The {@code -x KEY=VALUE} auth info of {@code doveadm auth} commands: {@code service} (default
 * {@code doveadm}), {@code rip} and {@code lip}, which passdb templates see as {@code %{service}},
 * {@code %{remote_ip}}, {@code %{local_ip}}.
 */
final class AuthInfo {
    @Option(names = "-x", paramLabel = "KEY=VALUE", description = "Auth info: service, rip, lip.")
    List<String> args = new ArrayList<>();

    /** The request doveadm makes for {@code user}; it is trusted like a local connection. */
    AuthRequest request(String user) {
        String service = "doveadm";
        InetAddress rip = null;
        InetAddress lip = null;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key) {
                case "service" -> service = value;
                case "rip" -> rip = ip(key, value);
                case "lip" -> lip = ip(key, value);
                default -> throw new Doveadm.ExitException(Doveadm.EX_USAGE, "unsupported auth info " + key
                        + " (known: service, rip, lip)");
            }
        }
        return new AuthRequest(user, service, rip, lip, true);
    }

    private static InetAddress ip(String key, String value) {
        // only literal addresses: a host name must not cause a DNS lookup
        if (value.isEmpty() || !(value.indexOf(':') >= 0 || value.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw Doveadm.ExitException.fatal(key + ": Invalid ip");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw Doveadm.ExitException.fatal(key + ": Invalid ip");
        }
    }
}
