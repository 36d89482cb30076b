package org.colombier.server.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.colombier.server.net.Connection;

/**
 * What {@code who} and {@code kick} select, as doveadm takes it: a user mask ({@code *} any run,
 * {@code ?} one character) and/or a remote IP with an optional {@code /bits} prefix length. An
 * argument that parses as an IP (range) is one; anything else is a user mask.
 */
record SessionMask(Pattern user, byte[] network, int bits) {
    static final SessionMask ALL = new SessionMask(null, null, 0);

    static SessionMask parse(List<String> args) throws AdminException {
        Pattern user = null;
        byte[] network = null;
        int bits = 0;
        for (String arg : args) {
            byte[] ip = ip(arg.contains("/") ? arg.substring(0, arg.indexOf('/')) : arg);
            if (ip != null) {
                if (network != null) {
                    throw new AdminException(AdminException.USAGE, "more than one IP mask");
                }
                network = ip;
                bits = ip.length * 8;
                if (arg.contains("/")) {
                    try {
                        bits = Integer.parseInt(arg.substring(arg.indexOf('/') + 1));
                    } catch (NumberFormatException e) {
                        bits = -1;
                    }
                    if (bits < 0 || bits > ip.length * 8) {
                        throw new AdminException(AdminException.USAGE, "invalid IP mask: " + arg);
                    }
                }
            } else if (user != null) {
                throw new AdminException(AdminException.USAGE, "more than one user mask");
            } else {
                user = userMask(arg);
            }
        }
        return new SessionMask(user, network, bits);
    }

    boolean matches(Connection connection) {
        if (user != null && (connection.user() == null || !user.matcher(connection.user()).matches())) {
            return false;
        }
        return network == null || inNetwork(connection.remoteAddress());
    }

    private boolean inNetwork(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] ip = address.getAddress();
        if (ip.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < bits; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Pattern userMask(String mask) {
        StringBuilder regex = new StringBuilder();
        for (char c : mask.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The address bytes of a literal IPv4/IPv6 address; null for anything else (never a DNS lookup). */
    private static byte[] ip(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
