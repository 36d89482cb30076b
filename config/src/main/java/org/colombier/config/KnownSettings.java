package org.colombier.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Dovecot 2.4 settings Colombier knows, by full name, with their types and built-in defaults.
 * Inside a named filter the prefix may be left out, as in Dovecot: {@code separator} inside
 * {@code namespace inbox { }} is {@code namespace_separator}; {@code query} inside
 * {@code passdb sql { }} is {@code passdb_sql_query}. A name not listed here is a warning.
 */
public final class KnownSettings {
    /** How a value is checked and combined. */
    public enum Kind {
        STRING, BOOL, UINT, PORT, TIME, SIZE, FILE, OCTAL,
        /** {@code yes}, {@code no} or {@code required}. */
        SSL,
        /** A set of names: {@code a b c}, or the section form {@code name { a = yes  b = no }}. */
        BOOLLIST,
        /** A map: section form {@code fields { key = value }}. */
        STRLIST
    }

    /** One known setting. */
    public record Definition(String name, Kind kind, String defaultValue) {
    }

    /** Named filters: {@code TYPE [NAME] { ... }} sections that are not boolean or string lists. */
    static final Set<String> FILTERS = Set.of("protocol", "service", "inet_listener", "unix_listener", "fifo_listener",
            "passdb", "userdb", "namespace", "mailbox", "sieve_script", "quota", "local", "remote", "local_name",
            "mysql", "pgsql", "dict", "metric", "event_exporter", "log_debug", "language", "fts", "mail_attribute");

    /** Named list filters whose settings may be written without their {@code TYPE_} prefix. */
    static final Set<String> PREFIXED_FILTERS = Set.of("service", "inet_listener", "unix_listener", "fifo_listener",
            "passdb", "userdb", "namespace", "mailbox", "sieve_script", "quota", "mysql", "pgsql");

    /** 2.3 names an admin may still have, and what replaced them in 2.4. */
    static final Map<String, String> RENAMED = Map.of(
            "ssl_cert", "ssl_server_cert_file",
            "ssl_key", "ssl_server_key_file",
            "mail_location", "mail_driver and mail_path",
            "disable_plaintext_auth", "auth_allow_cleartext (inverted)",
            "ssl_protocols", "ssl_min_protocol",
            "auth_default_realm", "auth_default_domain");

    private static final Map<String, Definition> ALL = new LinkedHashMap<>();

    static {
        // Global settings
        s("dovecot_config_version", Kind.STRING, "");
        s("dovecot_storage_version", Kind.STRING, "");
        s("protocols", Kind.BOOLLIST, "imap pop3 lmtp");
        s("listen", Kind.STRING, "*, ::");
        s("base_dir", Kind.STRING, "/run/colombier");
        s("state_dir", Kind.STRING, "/var/lib/colombier");
        s("hostname", Kind.STRING, "");
        s("login_greeting", Kind.STRING, "Colombier ready.");
        s("login_trusted_networks", Kind.STRING, "");
        s("shutdown_clients", Kind.BOOL, "yes");
        s("verbose_proctitle", Kind.BOOL, "no");
        s("default_process_limit", Kind.UINT, "100");
        s("default_client_limit", Kind.UINT, "1000");
        s("default_login_user", Kind.STRING, "dovenull");
        s("default_internal_user", Kind.STRING, "dovecot");
        s("log_path", Kind.STRING, "syslog");
        s("info_log_path", Kind.STRING, "");
        s("debug_log_path", Kind.STRING, "");
        s("log_debug", Kind.STRING, "");
        s("syslog_facility", Kind.STRING, "mail");
        s("postmaster_address", Kind.STRING, "postmaster@%{user | domain}");
        s("submission_host", Kind.STRING, "");
        s("submission_ssl", Kind.STRING, "no");
        s("submission_timeout", Kind.TIME, "30s");
        // The doveadm HTTP API (service doveadm { inet_listener http { } }) accepts either secret.
        s("doveadm_api_key", Kind.STRING, "");
        s("doveadm_password", Kind.STRING, "");

        s("ssl", Kind.SSL, "yes");
        s("ssl_server_cert_file", Kind.FILE, "");
        s("ssl_server_key_file", Kind.FILE, "");
        s("ssl_server_key_password", Kind.STRING, "");
        s("ssl_server_ca_file", Kind.FILE, "");
        s("ssl_min_protocol", Kind.STRING, "TLSv1.2");
        s("ssl_cipher_list", Kind.STRING, "");
        s("ssl_server_prefer_ciphers", Kind.STRING, "client");

        s("auth_allow_cleartext", Kind.BOOL, "no");
        s("auth_mechanisms", Kind.BOOLLIST, "plain");
        s("auth_allow_weak_schemes", Kind.BOOL, "no");
        s("auth_failure_delay", Kind.TIME, "2s");
        s("auth_master_user_separator", Kind.STRING, "");
        s("auth_username_format", Kind.STRING, "%{user | lower}");
        s("auth_default_domain", Kind.STRING, "");
        s("auth_master_user_separator", Kind.STRING, "");
        s("auth_verbose", Kind.BOOL, "no");
        s("auth_debug", Kind.BOOL, "no");
        s("auth_cache_size", Kind.SIZE, "0");
        s("auth_cache_ttl", Kind.TIME, "1hour");
        s("auth_cache_negative_ttl", Kind.TIME, "1hour");
        // hashes are always verified on the lookup pool, never on I/O threads: accepted, nothing to change
        s("auth_cache_verify_password_with_worker", Kind.BOOL, "no");

        s("mail_driver", Kind.STRING, "maildir");
        s("mail_path", Kind.STRING, "~/Maildir");
        s("mail_home", Kind.STRING, "");
        s("mail_inbox_path", Kind.STRING, "");
        s("mail_index_path", Kind.STRING, "");
        s("mail_control_path", Kind.STRING, "");
        s("mailbox_list_layout", Kind.STRING, "");
        s("mailbox_list_index", Kind.BOOL, "yes");
        s("mail_fsync", Kind.STRING, "optimized");
        s("mail_uid", Kind.STRING, "");
        s("mail_gid", Kind.STRING, "");
        s("mail_privileged_group", Kind.STRING, "");
        s("mail_access_groups", Kind.STRING, "");
        s("first_valid_uid", Kind.UINT, "500");
        s("last_valid_uid", Kind.UINT, "0");
        s("first_valid_gid", Kind.UINT, "1");
        s("last_valid_gid", Kind.UINT, "0");
        s("mail_plugins", Kind.BOOLLIST, "");
        s("mail_max_userip_connections", Kind.UINT, "10");
        s("mail_debug", Kind.BOOL, "no");
        s("mailbox_idle_check_interval", Kind.TIME, "30s");
        s("maildir_copy_with_hardlinks", Kind.BOOL, "yes");
        s("maildir_very_dirty_syncs", Kind.BOOL, "no");

        s("recipient_delimiter", Kind.STRING, "+");
        s("lda_mailbox_autocreate", Kind.BOOL, "no");
        s("lda_mailbox_autosubscribe", Kind.BOOL, "no");
        s("lda_original_recipient_header", Kind.STRING, "");
        s("lmtp_save_to_detail_mailbox", Kind.BOOL, "no");
        s("lmtp_rcpt_check_quota", Kind.BOOL, "no");
        s("lmtp_user_concurrency_limit", Kind.UINT, "10");
        s("lmtp_proxy", Kind.BOOL, "no");

        s("imap_max_line_length", Kind.SIZE, "64k");
        s("imap_idle_notify_interval", Kind.TIME, "2mins");
        s("imap_capability", Kind.BOOLLIST, "");
        s("imap_client_workarounds", Kind.BOOLLIST, "");
        s("imap_literal_minus", Kind.BOOL, "no");
        s("imap_hibernate_timeout", Kind.TIME, "0");

        s("pop3_uidl_format", Kind.STRING, "%08Xu%08Xv");
        s("pop3_no_flag_updates", Kind.BOOL, "no");
        s("pop3_deleted_flag", Kind.STRING, "");
        s("pop3_lock_session", Kind.BOOL, "no");
        s("pop3_client_workarounds", Kind.BOOLLIST, "");
        // A Colombier extension (Dovecot has no such setting): the RFC 2449 LOGIN-DELAY a user must
        // leave between two POP3 logins, advertised in CAPA and enforced; 0 turns it off.
        s("pop3_login_delay", Kind.TIME, "0");

        // Authentication databases
        s("passwd_file_path", Kind.STRING, "");
        s("passdb_driver", Kind.STRING, "");
        s("passdb_args", Kind.STRING, "");
        s("passdb_fields", Kind.STRLIST, "");
        s("passdb_default_password_scheme", Kind.STRING, "CRYPT");
        s("passdb_skip", Kind.STRING, "never");
        s("passdb_result_success", Kind.STRING, "return-ok");
        s("passdb_result_failure", Kind.STRING, "continue");
        s("passdb_result_internalfail", Kind.STRING, "continue");
        s("passdb_deny", Kind.BOOL, "no");
        s("passdb_master", Kind.BOOL, "no");
        s("passdb_mechanisms_filter", Kind.BOOLLIST, "");
        s("passdb_username_filter", Kind.STRING, "");
        s("passdb_use_worker", Kind.BOOL, "no");
        s("passdb_static_password", Kind.STRING, "");
        s("passdb_pam_service_name", Kind.STRING, "dovecot");
        s("passdb_pam_session", Kind.BOOL, "no");
        s("passdb_pam_setcred", Kind.BOOL, "no");
        s("passdb_pam_max_requests", Kind.UINT, "100");
        s("passdb_pam_failure_show_msg", Kind.BOOL, "no");
        s("passdb_sql_query", Kind.STRING, "");
        s("passdb_sql_update_query", Kind.STRING, "");
        s("userdb_driver", Kind.STRING, "");
        s("userdb_args", Kind.STRING, "");
        s("userdb_fields", Kind.STRLIST, "");
        s("userdb_skip", Kind.STRING, "never");
        s("userdb_result_success", Kind.STRING, "return-ok");
        s("userdb_result_failure", Kind.STRING, "continue");
        s("userdb_result_internalfail", Kind.STRING, "continue");
        s("userdb_use_worker", Kind.BOOL, "no");
        s("userdb_sql_query", Kind.STRING, "");
        s("userdb_sql_iterate_query", Kind.STRING, "");
        s("sql_driver", Kind.STRING, "");
        s("sqlite_path", Kind.STRING, "");
        s("h2_path", Kind.STRING, "");
        s("sqlite_readonly", Kind.BOOL, "no");
        s("sqlite_journal_mode", Kind.STRING, "wal");
        // "mysql HOST { }" and "pgsql HOST { }" filters set mysql_host / pgsql_host.
        s("mysql_host", Kind.STRING, "");
        s("mysql_port", Kind.PORT, "0");
        s("mysql_user", Kind.STRING, "");
        s("mysql_password", Kind.STRING, "");
        s("mysql_dbname", Kind.STRING, "");
        s("mysql_ssl", Kind.BOOL, "no");
        s("mysql_connection_limit", Kind.UINT, "5");
        s("mysql_option_file", Kind.STRING, "");
        s("mysql_option_group", Kind.STRING, "client");
        s("mysql_client_flags", Kind.UINT, "0");
        s("mysql_connect_timeout", Kind.TIME, "5s");
        s("mysql_read_timeout", Kind.TIME, "30s");
        s("mysql_write_timeout", Kind.TIME, "30s");
        s("pgsql_host", Kind.STRING, "");
        s("pgsql_connection_limit", Kind.UINT, "5");
        s("pgsql_parameters", Kind.STRLIST, "");

        // Quota
        s("quota_driver", Kind.STRING, "count");
        s("quota_storage_size", Kind.SIZE, "unlimited");
        s("quota_message_count", Kind.UINT, "unlimited");
        s("quota_mail_size", Kind.SIZE, "unlimited");
        s("quota_exceeded_message", Kind.STRING, "Quota exceeded (mailbox for user is full)");

        // Sieve (Pigeonhole 2.4 names)
        s("sieve_script_name", Kind.STRING, "");
        s("sieve_script_type", Kind.STRING, "personal");
        s("sieve_script_driver", Kind.STRING, "file");
        s("sieve_script_path", Kind.STRING, "");
        s("sieve_script_active_path", Kind.STRING, "");
        s("sieve_script_precedence", Kind.UINT, "0");
        s("sieve_extensions", Kind.BOOLLIST, "");
        s("sieve_max_script_size", Kind.SIZE, "1M");
        s("sieve_max_actions", Kind.UINT, "32");
        s("sieve_max_redirects", Kind.UINT, "4");
        s("sieve_redirect_envelope_from", Kind.STRING, "sender");
        s("sieve_user_email", Kind.STRING, "");
        s("sieve_vacation_dont_check_recipient", Kind.BOOL, "no");
        s("sieve_vacation_send_from_recipient", Kind.BOOL, "no");
        s("sieve_vacation_min_period", Kind.TIME, "1d");
        s("sieve_vacation_max_period", Kind.TIME, "60d");
        s("sieve_vacation_default_period", Kind.TIME, "7d");

        // Namespaces and mailboxes
        s("namespace_type", Kind.STRING, "private");
        s("namespace_separator", Kind.STRING, "");
        s("namespace_prefix", Kind.STRING, "");
        s("namespace_inbox", Kind.BOOL, "no");
        s("namespace_hidden", Kind.BOOL, "no");
        s("namespace_list", Kind.STRING, "yes");
        s("namespace_subscriptions", Kind.BOOL, "yes");
        s("namespace_ignore_on_failure", Kind.BOOL, "no");
        s("namespace_disabled", Kind.BOOL, "no");
        s("namespace_order", Kind.UINT, "0");
        s("mailbox_special_use", Kind.STRING, "");
        s("mailbox_auto", Kind.STRING, "no");
        s("mailbox_autoexpunge", Kind.TIME, "0");
        s("mailbox_autoexpunge_max_mails", Kind.UINT, "0");

        // Services and listeners
        for (String name : new String[] {"process_limit", "client_limit", "process_min_avail", "user", "group",
                "executable", "chroot", "vsz_limit", "restart_request_count", "idle_kill_interval", "protocol",
                "type", "extra_groups", "privileged_group"}) {
            s("service_" + name, Kind.STRING, "");
        }
        s("inet_listener_port", Kind.PORT, "");
        s("inet_listener_address", Kind.STRING, "");
        s("inet_listener_ssl", Kind.BOOL, "no");
        s("inet_listener_haproxy", Kind.BOOL, "no");
        s("inet_listener_reuse_port", Kind.BOOL, "no");
        s("inet_listener_type", Kind.STRING, "");
        for (String listener : new String[] {"unix_listener", "fifo_listener"}) {
            s(listener + "_mode", Kind.OCTAL, "0600");
            s(listener + "_user", Kind.STRING, "");
            s(listener + "_group", Kind.STRING, "");
            s(listener + "_type", Kind.STRING, "");
        }
    }

    private KnownSettings() {
    }

    private static void s(String name, Kind kind, String defaultValue) {
        ALL.put(name, new Definition(name, kind, defaultValue));
    }

    /** The definition of a full setting name. */
    public static Optional<Definition> lookup(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static boolean isKnown(String name) {
        return ALL.containsKey(name);
    }

    /** Every known setting's default, by full name, in a stable documented order. */
    public static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        ALL.values().forEach(d -> out.put(d.name(), d.defaultValue()));
        return out;
    }

    /** The default of a known setting, or empty for an unknown name. */
    public static Optional<String> defaultValue(String name) {
        return lookup(name).map(Definition::defaultValue);
    }
}
