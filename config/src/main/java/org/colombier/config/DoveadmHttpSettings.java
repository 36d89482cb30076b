package org.colombier.config;

import java.util.Optional;

/**
 * The doveadm HTTP API, configured Dovecot's way: {@code service doveadm { inet_listener http {
 * port = N } }} plus {@code doveadm_api_key} and/or {@code doveadm_password}. Off unless that
 * listener exists with a non-zero port.
 *
 * <p>It is never run without a secret, and since plain HTTP would carry the secret in the clear, a
 * listener that is not loopback-only must have {@code ssl = yes}.
 *
 * @param listener the {@code inet_listener http} (its addresses already fall back to {@code listen})
 * @param apiKey   {@code doveadm_api_key}, for {@code Authorization: X-Dovecot-API base64(key)}; empty for none
 * @param password {@code doveadm_password}, for {@code Authorization: Basic base64(doveadm:password)}; empty for none
 */
public record DoveadmHttpSettings(InetListener listener, String apiKey, String password) {
    /** Dovecot's names: the service and the listener that speaks HTTP. */
    public static final String SERVICE = "doveadm";
    public static final String LISTENER = "http";

    @Override
    public String toString() {
        return "DoveadmHttpSettings[listener=" + listener + ", secrets hidden]";
    }

    /** The API's settings, or empty when it is not configured; a configuration it cannot run with is an error. */
    public static Optional<DoveadmHttpSettings> of(ColombierConfig config) throws ConfigException {
        Optional<InetListener> found = config.services().stream()
                .filter(s -> s.name().equals(SERVICE))
                .flatMap(s -> s.inetListeners().stream())
                .filter(l -> l.name().equals(LISTENER))
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        InetListener listener = found.get();
        String apiKey = config.setting("doveadm_api_key").orElse("");
        String password = config.setting("doveadm_password").orElse("");
        if (apiKey.isEmpty() && password.isEmpty()) {
            throw new ConfigException(listener.where(), "inet_listener http of service doveadm needs doveadm_api_key "
                    + "(or doveadm_password): the doveadm HTTP API never runs without authentication");
        }
        if (!listener.ssl()) {
            for (String address : listener.addresses()) {
                if (!isLoopback(address)) {
                    throw new ConfigException(listener.where(), "inet_listener http of service doveadm listens on '"
                            + address + "' without ssl = yes: the API secret would cross the network in the clear "
                            + "(listen = 127.0.0.1 inside the listener, or ssl = yes)");
                }
            }
        }
        return Optional.of(new DoveadmHttpSettings(listener, apiKey, password));
    }

    /** Loopback by its text alone (no DNS): {@code localhost}, {@code 127.x.x.x}, {@code ::1}. */
    static boolean isLoopback(String address) {
        String host = address.replaceAll("^\\[(.*)]$", "$1");
        return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }
}
