package org.colombier.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.DoveadmHttpSettings;
import org.colombier.config.InetListener;
import org.colombier.config.ServiceSettings;
import org.colombier.config.Setting;
import org.colombier.config.SettingValues;
import org.colombier.config.SourceLocation;
import org.colombier.config.SslMode;
import org.colombier.config.SslSettings;
import org.colombier.config.UnixListener;
import org.colombier.server.delivery.Delivery;
import org.colombier.server.delivery.DeliveryRules;
import org.colombier.server.delivery.DeliverySettings;
import org.colombier.server.delivery.LocalDelivery;
import org.colombier.server.imap.ImapConfig;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.ImapLimits;
import org.colombier.server.lmtp.LmtpSession;
import org.colombier.server.lmtp.LmtpSettings;
import org.colombier.server.net.ListenerSpec;
import org.colombier.server.net.PemKeyMaterial;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SelfSignedCertificate;
import org.colombier.server.net.SessionSettings;
import org.colombier.server.net.Tls;
import org.colombier.server.net.UnixSocketSpec;
import org.colombier.server.pop3.Pop3Service;
import org.colombier.server.pop3.Pop3Session;
import org.colombier.server.pop3.Pop3Settings;
import org.colombier.server.sieve.SieveRules;

/**
 * Everything the server needs, checked before any port is opened: TLS material loads and matches,
 * listener ports and addresses are valid, limits parse. Each problem is a {@link ConfigException}
 * naming the file and line of the setting at fault.
 */
public final class ServerPlan {
    /** Dovecot's {@code imap_max_line_length} default. */
    private static final int IMAP_MAX_LINE_DEFAULT = 64 * 1024;
    private static final Map<String, String> SERVICE_PROTOCOLS = Map.of(
            "imap-login", "imap", "pop3-login", "pop3", "lmtp", "lmtp");

    private final Tls tls;
    private final List<ListenerSpec> listeners;
    private final List<UnixSocketSpec> sockets;
    private final ServerOptions options;
    private final Services services;
    private final ColombierConfig config;
    private final HttpApi httpApi;

    /** The doveadm HTTP API to start: its validated settings and the addresses to bind. */
    record HttpApi(DoveadmHttpSettings settings, List<InetSocketAddress> addresses) {
    }

    private ServerPlan(Tls tls, List<ListenerSpec> listeners, List<UnixSocketSpec> sockets, ServerOptions options,
                       Services services, ColombierConfig config, HttpApi httpApi) {
        this.config = config;
        this.httpApi = httpApi;
        this.tls = tls;
        this.listeners = List.copyOf(listeners);
        this.sockets = List.copyOf(sockets);
        this.options = options;
        this.services = services;
    }

    public static ServerPlan prepare(ColombierConfig config, ServerOptions options) throws ConfigException {
        Tls tls = loadTls(config);
        SessionSettings settings = new SessionSettings(hostname(config), config.ssl().mode(), config.auth().allowCleartext(),
                options.loopbackCountsAsSecure());
        ImapConfig imap = ImapConfig.of(config, imapMaxLineLength(config),
                mailSizeLimit(config, "imap", ImapLimits.defaults().maxAppendSize()));
        Pop3Settings pop3Settings = Pop3Settings.of(config, options.pop3WriteTimeout());
        List<ListenerSpec> listeners = new ArrayList<>();
        List<UnixSocketSpec> sockets = new ArrayList<>();
        // the services are created last, once nothing else can fail, and bound to the sessions below
        Services[] services = new Services[1];
        DeliverySettings deliverySettings = DeliverySettings.of(config, settings.hostname());
        LmtpSettings lmtp = new LmtpSettings(settings.hostname(), options.lmtpMaxLineLength(),
                mailSizeLimit(config, "lmtp", options.lmtpMaxMessageSize()),
                LmtpSettings.DEFAULT_MAX_RECIPIENTS, Path.of(System.getProperty("java.io.tmpdir")), LmtpSettings.DEFAULT_SPOOL_MEMORY);
        Delivery[] delivery = new Delivery[1];
        Pop3Service[] pop3 = new Pop3Service[1];
        Set<String> names = new HashSet<>();
        for (ServiceSettings service : config.services()) {
            String protocol = SERVICE_PROTOCOLS.get(service.name());
            if (protocol == null || !config.protocols().contains(protocol)) {
                continue;
            }
            ProtocolSession.Factory sessions = switch (protocol) {
                case "imap" -> connection -> new ImapSession(connection, settings, services[0], imap);
                case "pop3" -> connection -> new Pop3Session(connection, settings, pop3[0]);
                default -> connection -> new LmtpSession(connection, lmtp, delivery[0]);
            };
            int maxLine = switch (protocol) {
                case "imap" -> imapMaxLineLength(config);
                case "pop3" -> options.pop3MaxLineLength();
                default -> options.lmtpMaxLineLength();
            };
            if (protocol.equals("lmtp")) {
                // the other services' unix listeners are Dovecot-internal (login processes, auth)
                for (UnixListener listener : service.unixListeners()) {
                    sockets.add(new UnixSocketSpec(service.name(), baseDir(config).resolve(listener.path()), listener.mode(),
                            maxLine, sessions, true));
                }
            }
            for (InetListener listener : service.inetListeners()) {
                if (!names.add(listener.name())) {
                    throw new ConfigException(listener.where(), "inet_listener " + listener.name() + " is defined twice");
                }
                if (listener.ssl() && tls == null) {
                    throw new ConfigException(listener.where(),
                            "inet_listener " + listener.name() + " has ssl = yes, but ssl = no globally");
                }
                List<InetSocketAddress> addresses = addresses(listener);
                if (!addresses.isEmpty()) {
                    listeners.add(new ListenerSpec(service.name(), listener.name(), addresses, listener.ssl(), maxLine, sessions,
                            !protocol.equals("pop3")));
                }
            }
        }
        HttpApi httpApi = httpApi(config, tls);
        services[0] = Services.create(config, settings.hostname());
        DeliveryRules rules;
        try {
            rules = SieveRules.of(config, services[0].mailUsers(), settings.hostname()).orElse(DeliveryRules.KEEP);
        } catch (ConfigException e) {
            services[0].close();
            throw e;
        }
        // each lookup asks Services for the authenticator of the moment, so doveadm reload applies to LMTP
        delivery[0] = new LocalDelivery(user -> services[0].authenticator().lookupUser(user),
                user -> services[0].mailUsers().open(user, "lmtp"), rules, deliverySettings, services[0].outbox());
        pop3[0] = new Pop3Service(pop3Settings, services[0]::authenticator, services[0].mailUsers());
        return new ServerPlan(tls, listeners, sockets, options, services[0], config, httpApi);
    }

    /** The authenticator and mail stores the sessions use; the server closes them when it stops. */
    public Services services() {
        return services;
    }

    ColombierConfig config() {
        return config;
    }

    Tls tls() {
        return tls;
    }

    List<ListenerSpec> listeners() {
        return listeners;
    }

    List<UnixSocketSpec> sockets() {
        return sockets;
    }

    /** {@code base_dir}, against which relative unix socket paths are resolved, as in Dovecot. */
    private static Path baseDir(ColombierConfig config) {
        return Path.of(config.setting("base_dir").orElse("/run/colombier"));
    }

    ServerOptions options() {
        return options;
    }

    /** The doveadm HTTP API, or null when it is not configured. */
    HttpApi httpApi() {
        return httpApi;
    }

    private static HttpApi httpApi(ColombierConfig config, Tls tls) throws ConfigException {
        DoveadmHttpSettings settings = DoveadmHttpSettings.of(config).orElse(null);
        if (settings == null) {
            return null;
        }
        InetListener listener = settings.listener();
        if (listener.ssl() && tls == null) {
            throw new ConfigException(listener.where(), "inet_listener http has ssl = yes, but ssl = no globally");
        }
        List<InetSocketAddress> addresses = addresses(listener);
        return addresses.isEmpty() ? null : new HttpApi(settings, addresses);
    }

    private static Tls loadTls(ColombierConfig config) throws ConfigException {
        SslSettings ssl = config.ssl();
        if (ssl.mode() == SslMode.NO) {
            return null;
        }
        SourceLocation certWhere = where(config, "ssl_server_cert_file", "ssl");
        if (ssl.certFile() == null || ssl.keyFile() == null) {
            throw new ConfigException(certWhere, "ssl = " + ssl.mode().name().toLowerCase(Locale.ROOT)
                    + " needs ssl_server_cert_file and ssl_server_key_file");
        }
        if (config.embedded() && !Files.exists(ssl.certFile()) && !Files.exists(ssl.keyFile())) {
            try {
                SelfSignedCertificate.write(ssl.certFile(), ssl.keyFile(), hostname(config));
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException(certWhere, "cannot create a self-signed certificate in "
                        + ssl.certFile().toAbsolutePath().getParent() + ": " + e.getMessage(), e);
            }
        }
        SSLContext context;
        try {
            context = PemKeyMaterial.serverContext(ssl.certFile(), ssl.keyFile());
        } catch (IOException e) {
            throw new ConfigException(certWhere, "cannot read TLS certificate or key: " + e, e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(certWhere, "unusable TLS certificate or key: " + e.getMessage(), e);
        }
        String minProtocol = ssl.minProtocol() == null ? "TLSv1.2" : ssl.minProtocol();
        try {
            return Tls.of(context, minProtocol);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(config, "ssl_min_protocol", "ssl"), e.getMessage());
        }
    }

    private static List<InetSocketAddress> addresses(InetListener listener) throws ConfigException {
        if (listener.port() < 0 || listener.port() > 65535) {
            throw new ConfigException(listener.where(), "inet_listener " + listener.name() + ": port "
                    + listener.port() + " is not between 0 and 65535");
        }
        List<String> hosts = new ArrayList<>(listener.addresses());
        // "::" already takes IPv4 too on a dual-stack JVM; binding both would collide
        if (hosts.contains("::")) {
            hosts.remove("*");
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String host : hosts) {
            String literal = host.equals("*") ? "0.0.0.0" : host.replaceAll("^\\[(.*)]$", "$1");
            try {
                addresses.add(new InetSocketAddress(InetAddress.getByName(literal), listener.port()));
            } catch (UnknownHostException e) {
                throw new ConfigException(listener.where(), "inet_listener " + listener.name()
                        + ": cannot resolve listen address '" + host + "'");
            }
        }
        return addresses;
    }

    private static int imapMaxLineLength(ColombierConfig config) throws ConfigException {
        String value = config.setting("imap", "imap_max_line_length").orElse(null);
        if (value == null) {
            return IMAP_MAX_LINE_DEFAULT;
        }
        SourceLocation where = where(config, "imap_max_line_length", "imap_max_line_length");
        OptionalLong size = SettingValues.parseSize(value, where, "imap_max_line_length");
        if (size.isEmpty() || size.getAsLong() < 1024 || size.getAsLong() > Integer.MAX_VALUE) {
            throw new ConfigException(where, "imap_max_line_length: '" + value + "' is not a size between 1k and 2G");
        }
        return (int) size.getAsLong();
    }

    /**
     * Dovecot 2.4's {@code quota_mail_size} as seen by {@code protocol}: the largest message LMTP and
     * IMAP APPEND save. Unset or {@code unlimited}, the built-in ceiling stays, so one client cannot
     * fill the disk with a single endless message.
     */
    private static long mailSizeLimit(ColombierConfig config, String protocol, long builtIn) throws ConfigException {
        String value = config.setting(protocol, "quota_mail_size").orElse(null);
        if (value == null) {
            return builtIn;
        }
        OptionalLong size = SettingValues.parseSize(value, where(config, "quota_mail_size", "quota_mail_size"),
                "quota_mail_size");
        return size.orElse(builtIn);
    }

    static String hostname(ColombierConfig config) {
        return config.setting("hostname").filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    /** Where {@code name} was set (in any protocol filter too), else where {@code fallback} was, else null. */
    private static SourceLocation where(ColombierConfig config, String name, String fallback) {
        for (String key : List.of(name, fallback)) {
            Setting setting = config.global().get(key);
            if (setting != null) {
                return setting.where();
            }
            for (Map<String, Setting> filter : config.perProtocol().values()) {
                if (filter.containsKey(key)) {
                    return filter.get(key).where();
                }
            }
        }
        return null;
    }
}
