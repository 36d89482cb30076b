package org.colombier.api.auth;

import java.net.InetAddress;

/**
 * Who is asking to authenticate, and from where: what a passdb may use in its lookup
 * ({@code %{user}}, {@code %{remote_ip}} ...) and in its policy.
 *
 * @param user     the login name as the client sent it
 * @param service  {@code imap}, {@code pop3}, {@code lmtp}, {@code doveadm} ...
 * @param remoteIp the client's address, or null when there is none (doveadm)
 * @param localIp  the address the client connected to, or null
 * @param secured  TLS is in use, or the connection is from loopback
 */
public record AuthRequest(String user, String service, InetAddress remoteIp, InetAddress localIp, boolean secured) {
    public AuthRequest withUser(String newUser) {
        return new AuthRequest(newUser, service, remoteIp, localIp, secured);
    }
}
