package org.colombier.server.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.api.template.UserVariables;
import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.NamespaceSettings;
import org.colombier.config.Setting;
import org.colombier.config.SettingValues;
import org.colombier.config.SieveScriptSettings;
import org.colombier.config.SourceLocation;
import org.colombier.server.delivery.DeliveryAction;
import org.colombier.server.delivery.DeliveryException;
import org.colombier.server.delivery.DeliveryRules;
import org.colombier.server.delivery.Envelope;
import org.colombier.server.delivery.HeaderSplit;
import org.colombier.server.delivery.Recipient;
import org.colombier.config.mail.MailUsers;
import org.colombier.sieve.DovecotSieveSettings;
import org.colombier.sieve.ScriptCache;
import org.colombier.sieve.SieveContext;
import org.colombier.sieve.SieveEvaluator;
import org.colombier.sieve.SieveMessage;
import org.colombier.sieve.SieveResult;
import org.colombier.sieve.SieveRuntimeException;
import org.colombier.sieve.SieveScript;
import org.colombier.sieve.SieveSettings;
import org.colombier.sieve.SieveSyntaxException;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.HeaderField;
import org.colombier.sieve.mail.ParsedMessage;
import org.colombier.sieve.reject.RejectNoticeBuilder;
import org.colombier.sieve.store.DirectoryIncludeResolver;
import org.colombier.sieve.store.FileTrackingStore;
import org.colombier.sieve.vacation.VacationReplyBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeliveryRules} of {@code mail_plugins { sieve = yes }}: runs the user's scripts and
 * turns their result into delivery actions. Vacation and duplicate state live in the user's home
 * ({@link FileTrackingStore}) and are recorded only after the delivery succeeded.
 */
public final class SieveRules implements DeliveryRules {
    private static final Logger LOG = LoggerFactory.getLogger("lmtp");
    /** Headers longer than this are cut for Sieve's tests; the stored message keeps them whole. */
    private static final int MAX_HEADER = 1 << 20;
    private static final List<DeliveryAction> KEEP = List.of(new DeliveryAction.Keep(Flags.NONE));

    private final List<SieveScriptSettings> sections;
    private final SieveSettings settings;
    private final ScriptCache cache;
    private final MailUsers mailUsers;
    private final char separator;
    private final String hostname;
    private final String postmaster;
    private final String redirectEnvelopeFrom;
    private final String userEmail;
    private final boolean vacationFromRecipient;
    private final SieveEvaluator evaluator = new SieveEvaluator();

    private SieveRules(List<SieveScriptSettings> sections, SieveSettings settings, MailUsers mailUsers, char separator,
                       String hostname, String postmaster, String redirectEnvelopeFrom, String userEmail,
                       boolean vacationFromRecipient) {
        this.sections = sections;
        this.settings = settings;
        this.cache = new ScriptCache(settings.compileOptions());
        this.mailUsers = mailUsers;
        this.separator = separator;
        this.hostname = hostname;
        this.postmaster = postmaster;
        this.redirectEnvelopeFrom = redirectEnvelopeFrom;
        this.userEmail = userEmail;
        this.vacationFromRecipient = vacationFromRecipient;
    }

    /** The rules {@code config} asks for LMTP: Sieve when {@code mail_plugins} has {@code sieve}, else none. */
    public static Optional<DeliveryRules> of(ColombierConfig config, MailUsers mailUsers, String hostname)
            throws ConfigException {
        String plugins = config.setting("lmtp", "mail_plugins").orElse("");
        if (!Set.of(plugins.toLowerCase(Locale.ROOT).trim().split("[\\s,]+")).contains("sieve")) {
            return Optional.empty();
        }
        Map<String, String> explicit = new HashMap<>();
        for (Map<String, Setting> level : List.of(config.global(), config.perProtocol().getOrDefault("lmtp", Map.of()))) {
            level.forEach((name, s) -> {
                if ((name.startsWith("sieve_") || name.equals("recipient_delimiter")) && !s.where().equals(SourceLocation.DEFAULT)) {
                    explicit.put(name, s.value());
                }
            });
        }
        SieveSettings settings;
        try {
            settings = DovecotSieveSettings.from(explicit);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, e.getMessage(), e);
        }
        char separator = config.namespaces().stream().filter(NamespaceSettings::inbox).findFirst()
                .map(n -> n.separator() == 0 ? '/' : n.separator()).orElse('/');
        return Optional.of(new SieveRules(config.sieveScripts(), settings, mailUsers, separator, hostname,
                config.setting("lmtp", "postmaster_address").orElse(""),
                config.setting("lmtp", "sieve_redirect_envelope_from").orElse("sender").trim(),
                config.setting("lmtp", "sieve_user_email").orElse(""),
                SettingValues.isTrue(config.setting("lmtp", "sieve_vacation_send_from_recipient").orElse("no"))));
    }

    @Override
    public List<DeliveryAction> actions(Envelope envelope, Recipient recipient, MessageSource message) throws DeliveryException {
        String user = recipient.user().user();
        MailUser mailUser;
        try {
            mailUser = mailUsers.mailUser(recipient.user(), "lmtp");
        } catch (StoreException e) {
            throw new DeliveryException("cannot locate the mail of " + user + ": " + e.getMessage(), e);
        }
        Path home = mailUser.home();
        UserVariables vars = new UserVariables(user, home == null ? null : home.toString(), Map.of("service", "lmtp"));
        List<Path> files;
        try {
            files = UserScripts.toRun(sections, vars);
        } catch (IOException | UncheckedIOException e) {
            throw new DeliveryException("cannot read the Sieve scripts of " + user + ": " + e.getMessage(), e);
        } catch (TemplateException e) {
            LOG.error("lmtp({}): sieve: unusable script location: {}; keeping the message", user, e.getMessage());
            return KEEP;
        }
        if (files.isEmpty()) {
            return KEEP;
        }
        HeaderSplit split;
        try {
            split = HeaderSplit.of(message, MAX_HEADER);
        } catch (IOException e) {
            throw new DeliveryException("cannot read the message: " + e.getMessage(), e);
        }
        SieveMessage sieveMessage = new SplitMessage(split, message);
        org.colombier.sieve.Envelope sieveEnvelope = new org.colombier.sieve.Envelope(envelope.mailFrom(), recipient.address(), null);
        try (UserMailboxes boxes = mailUsers.open(recipient.user(), "lmtp")) {
            SieveContext ctx = context(boxes, home, vars, recipient);
            List<SieveResult> results = new ArrayList<>();
            for (Path file : files) {
                SieveScript script = cache.get(file).orElse(null);
                if (script == null) {
                    continue;
                }
                SieveResult result = evaluator.evaluate(script, sieveMessage, sieveEnvelope, ctx);
                results.add(result);
                if (!result.implicitKeep()) {
                    break; // as Pigeonhole: a script that cancelled the implicit keep ends the sequence
                }
            }
            if (results.isEmpty()) {
                return KEEP;
            }
            return convert(results, envelope, recipient, sieveEnvelope, split, sieveMessage.headers(), message, user);
        } catch (SieveSyntaxException e) {
            LOG.error("lmtp({}): sieve: script has errors, keeping the message: {}", user, e.getMessage());
            return KEEP;
        } catch (SieveRuntimeException e) {
            LOG.error("lmtp({}): sieve: script failed, keeping the message: {}", user, e.getMessage());
            return KEEP;
        } catch (UncheckedIOException e) {
            throw new DeliveryException("sieve: " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new DeliveryException("cannot open the mailboxes of " + user + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // whatever went wrong inside the interpreter, the message must not be lost
            LOG.error("lmtp({}): sieve: internal error, keeping the message: {}", user, e.toString());
            return KEEP;
        }
    }

    private SieveContext context(UserMailboxes boxes, Path home, UserVariables vars, Recipient recipient) {
        SieveContext.Builder ctx = SieveContext.builder()
                .settings(settings)
                .mailboxes(name -> exists(boxes, name))
                .includes(new DirectoryIncludeResolver(UserScripts.personalDir(sections, vars),
                        UserScripts.globalDir(sections, vars), cache))
                .environment(Map.of("domain", domainOf(recipient.address()), "host", hostname))
                .userAddresses(userEmail.isBlank() ? List.of() : List.of(expand(userEmail, vars)));
        if (home != null) {
            ctx.vacation(FileTrackingStore.vacation(home)).duplicates(FileTrackingStore.duplicate(home));
        }
        return ctx.build();
    }

    private boolean exists(UserMailboxes boxes, String name) {
        try (Mailbox box = boxes.open(MailboxPath.parse(name, separator))) {
            return box != null;
        } catch (StoreException e) {
            return false;
        }
    }

    private List<DeliveryAction> convert(List<SieveResult> results, Envelope envelope, Recipient recipient,
                                         org.colombier.sieve.Envelope sieveEnvelope, HeaderSplit split,
                                         List<HeaderField> headers, MessageSource message, String user) {
        List<DeliveryAction> actions = new ArrayList<>();
        ZonedDateTime now = ZonedDateTime.now();
        UserVariables vars = new UserVariables(user, null, Map.of("service", "lmtp"));
        String postmasterAddress = postmaster.isBlank() ? "postmaster@" + hostname : expand(postmaster, vars);
        byte[] header = split.header();
        SieveResult last = results.get(results.size() - 1);
        for (SieveResult result : results) {
            if (result.headersEdited()) {
                header = headerBytes(result.headers());
            }
        }
        if (header != split.header()) {
            actions.add(new DeliveryAction.ReplaceHeader(header, split.bodyOffset()));
        }
        boolean stored = false;
        for (SieveResult result : results) {
            List<Action> all = result == last ? result.deliveryActions() : result.actions();
            for (Action action : all) {
                if (action instanceof Action.Keep keep) {
                    actions.add(new DeliveryAction.Keep(flags(keep.flags())));
                    stored = true;
                } else if (action instanceof Action.FileInto fileInto) {
                    actions.add(fileInto(fileInto, user));
                    stored = true;
                } else if (action instanceof Action.Ereject ereject) {
                    return List.of(new DeliveryAction.Refuse(ereject.reason()));
                } else if (action instanceof Action.Reject reject) {
                    if (sieveEnvelope.nullSender()) {
                        LOG.info("lmtp({}): sieve: reject of a message with a null sender: discarded without notice", user);
                    } else {
                        actions.add(new DeliveryAction.Send("", List.of(envelope.mailFrom()), MessageSource.of(
                                RejectNoticeBuilder.build(reject, headers, sieveEnvelope, postmasterAddress,
                                        hostname, now))));
                    }
                } else if (action instanceof Action.Redirect redirect) {
                    actions.add(new DeliveryAction.Send(redirectSender(envelope, recipient, postmasterAddress, vars),
                            List.of(redirect.address()), redirected(split, message, recipient, header)));
                } else if (action instanceof Action.Vacation vacation) {
                    // RFC 5230 section 5.1 wants <>; sieve_vacation_send_from_recipient trades that for SPF/DMARC-friendly mail
                    actions.add(new DeliveryAction.Send(vacationFromRecipient ? recipient.address() : "", List.of(vacation.to()),
                            MessageSource.of(VacationReplyBuilder.build(vacation, hostname, now))));
                } else if (action instanceof Action.Notify notify) {
                    MailtoNotification mail = MailtoNotification.of(notify, postmasterAddress, hostname, now);
                    if (mail == null) {
                        LOG.warn("lmtp({}): sieve: notify method {} is not supported, ignored", user, notify.method());
                    } else {
                        actions.add(new DeliveryAction.Send("", mail.recipients(), MessageSource.of(mail.message())));
                    }
                }
            }
            actions.add(new DeliveryAction.AfterDelivery(result::commit));
        }
        if (!stored) {
            actions.add(new DeliveryAction.Discard());
        }
        return actions;
    }

    private DeliveryAction fileInto(Action.FileInto fileInto, String user) {
        Flags flags = flags(fileInto.flags());
        try {
            return new DeliveryAction.FileInto(MailboxPath.parse(fileInto.mailbox(), separator), flags, fileInto.create());
        } catch (StoreException e) {
            LOG.info("lmtp({}): sieve: invalid mailbox name '{}', saving to INBOX: {}", user, fileInto.mailbox(), e.getMessage());
            return new DeliveryAction.Keep(flags);
        }
    }

    /** {@code sieve_redirect_envelope_from}: sender, recipient, orig_recipient, user_email, postmaster or {@code <address>}. */
    private String redirectSender(Envelope envelope, Recipient recipient, String postmasterAddress, UserVariables vars) {
        if (envelope.mailFrom().isEmpty()) {
            return ""; // a bounce stays a bounce, whoever redirects it
        }
        String setting = redirectEnvelopeFrom.toLowerCase(Locale.ROOT);
        return switch (setting) {
            case "recipient", "orig_recipient" -> recipient.address();
            case "user_email" -> userEmail.isBlank() ? recipient.address() : expand(userEmail, vars);
            case "postmaster" -> postmasterAddress;
            default -> redirectEnvelopeFrom.startsWith("<") && redirectEnvelopeFrom.endsWith(">")
                    ? redirectEnvelopeFrom.substring(1, redirectEnvelopeFrom.length() - 1)
                    : envelope.mailFrom();
        };
    }

    /** The redirected copy: the (edited) message with {@code X-Sieve-Redirected-From} first, as Pigeonhole sends it. */
    private static MessageSource redirected(HeaderSplit split, MessageSource message, Recipient recipient, byte[] header) {
        byte[] mark = ("X-Sieve-Redirected-From: " + recipient.address() + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] newHeader = new byte[mark.length + header.length];
        System.arraycopy(mark, 0, newHeader, 0, mark.length);
        System.arraycopy(header, 0, newHeader, mark.length, header.length);
        return split.replaceHeader(message, newHeader);
    }

    private static byte[] headerBytes(List<HeaderField> fields) {
        StringBuilder sb = new StringBuilder();
        for (HeaderField f : fields) {
            sb.append(f.name()).append(": ").append(f.value().replaceAll("\r?\n", "\r\n")).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5232 flag names to the store's flags; unknown backslash flags are dropped, keywords kept. */
    static Flags flags(List<String> names) {
        EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new HashSet<>();
        for (String name : names) {
            if (name.startsWith("\\")) {
                SystemFlag flag = SystemFlag.fromImapName(name);
                if (flag != null) {
                    system.add(flag);
                }
            } else if (!name.isEmpty()) {
                keywords.add(name);
            }
        }
        return new Flags(system, keywords);
    }

    private static String expand(String template, UserVariables vars) {
        try {
            return Template.parse(template).expand(vars);
        } catch (TemplateException e) {
            return template;
        }
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    /** The message as Sieve sees it: the header parsed once, the body read from the spool when a test needs it. */
    private static final class SplitMessage implements SieveMessage {
        private final List<HeaderField> headers;
        private final HeaderSplit split;
        private final MessageSource message;

        SplitMessage(HeaderSplit split, MessageSource message) {
            this.headers = ParsedMessage.of(split.header()).headers();
            this.split = split;
            this.message = message;
        }

        @Override
        public List<HeaderField> headers() {
            return headers;
        }

        @Override
        public long size() {
            return message.size();
        }

        @Override
        public InputStream openBody() throws IOException {
            InputStream in = message.open();
            in.skipNBytes(split.bodyOffset());
            return in;
        }
    }
}
