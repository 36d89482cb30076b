package org.colombier.sieve.vacation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.colombier.sieve.Envelope;
import org.colombier.sieve.SieveContext;
import org.colombier.sieve.SieveResult;
import org.colombier.sieve.SieveSettings;
import org.colombier.sieve.action.Action;
import org.colombier.sieve.mail.Address;
import org.colombier.sieve.mail.HeaderField;

/** The RFC 5230 section 4 rules deciding whether a vacation command may actually reply, and to what. */
public final class VacationPolicy {
    private static final Set<String> RECIPIENT_HEADERS = Set.of("to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc");
    private static final Set<String> SYSTEM_SENDERS = Set.of("mailer-daemon", "listserv", "majordomo", "postmaster");

    /** The arguments of one vacation command, variables already expanded. */
    public record Request(Long days, Long seconds, String subject, String from, List<String> addresses, boolean mime,
                          String handle, String reason) { }

    /** Either a reply with the state to record once it is sent, or the reason there is none. */
    public record Decision(Action.Vacation reply, SieveResult.PendingMark mark, String skipped) { }

    private VacationPolicy() {
    }

    public static Decision decide(Request r, List<HeaderField> headers, Envelope env, SieveContext ctx) {
        if (env.nullSender()) {
            return skip("the envelope sender is empty (a bounce)");
        }
        Address sender = Address.parsePath(env.from());
        if (sender == null || sender.domain() == null) {
            return skip("the envelope sender is not a valid address");
        }
        String local = sender.localPart().toLowerCase(Locale.ROOT);
        if (SYSTEM_SENDERS.contains(local) || local.startsWith("owner-") || local.endsWith("-request")) {
            return skip("the sender " + sender.all() + " is a system or list address");
        }
        for (HeaderField h : headers) {
            String name = h.name().toLowerCase(Locale.ROOT);
            String value = h.unfolded().toLowerCase(Locale.ROOT);
            if (name.equals("auto-submitted") && !value.split("[;\\s]", 2)[0].equals("no")) {
                return skip("the message is Auto-Submitted: " + value);
            }
            if (name.equals("precedence") && Set.of("bulk", "list", "junk").contains(value.trim())) {
                return skip("the message has Precedence: " + value);
            }
            if (name.startsWith("list-")) {
                return skip("the message came from a mailing list (" + h.name() + ")");
            }
        }
        List<String> mine = new ArrayList<>();
        if (env.to() != null) {
            mine.add(env.to());
        }
        mine.addAll(ctx.userAddresses());
        mine.addAll(r.addresses());
        String delimiter = ctx.settings().recipientDelimiter();
        for (String m : mine) {
            if (sameAddress(m, sender.all(), delimiter)) {
                return skip("the sender is the user himself");
            }
        }
        if (!ctx.settings().vacationDontCheckRecipient() && !addressedToUser(headers, mine, delimiter)) {
            return skip("none of the user's addresses is in To, Cc or Bcc");
        }
        SieveSettings s = ctx.settings();
        Duration period = r.seconds() != null ? Duration.ofSeconds(r.seconds())
                : r.days() != null ? Duration.ofDays(r.days()) : s.vacationDefaultPeriod();
        if (period.compareTo(s.vacationMinPeriod()) < 0) {
            period = s.vacationMinPeriod();
        }
        if (period.compareTo(s.vacationMaxPeriod()) > 0) {
            period = s.vacationMaxPeriod();
        }
        String handle = r.handle() != null ? r.handle()
                : (r.subject() == null ? "<default-subject>" : r.subject()) + (r.from() == null ? "<default-from>" : r.from())
                + (r.mime() ? "<MIME>" : "<NO-MIME>") + r.reason();
        String key = sha256("vacation\0" + handle + "\0" + sender.all().toLowerCase(Locale.ROOT));
        Instant now = ctx.clock().instant();
        if (ctx.vacation() == null) {
            return skip("no vacation state store is configured");
        }
        if (ctx.vacation().contains(key, now)) {
            return skip("already replied to " + sender.all() + " within the period");
        }
        String subject = r.subject();
        if (subject == null) {
            String original = first(headers, "subject");
            subject = original == null || original.isBlank() ? "Automated reply" : "Auto: " + original;
        }
        String from = r.from() != null ? r.from() : env.to();
        String messageId = first(headers, "message-id");
        String references = first(headers, "references");
        if (messageId != null) {
            references = references == null ? messageId : references + " " + messageId;
        }
        Action.Vacation reply = new Action.Vacation(sender.all(), from, subject, r.reason(), r.mime(), messageId,
                references, handle, period);
        SieveResult.PendingMark mark = period.isZero() ? null
                : new SieveResult.PendingMark(ctx.vacation(), key, now.plus(period));
        return new Decision(reply, mark, null);
    }

    private static Decision skip(String why) {
        return new Decision(null, null, why);
    }

    private static String first(List<HeaderField> headers, String name) {
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.decoded();
            }
        }
        return null;
    }

    private static boolean addressedToUser(List<HeaderField> headers, List<String> mine, String delimiter) {
        for (HeaderField h : headers) {
            if (RECIPIENT_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                for (Address a : Address.parseList(h.unfolded())) {
                    for (String m : mine) {
                        if (sameAddress(m, a.all(), delimiter)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Compares case-insensitively, ignoring a +detail on either side. */
    static boolean sameAddress(String a, String b, String delimiter) {
        return strip(a, delimiter).equalsIgnoreCase(strip(b, delimiter));
    }

    private static String strip(String address, String delimiter) {
        Address a = Address.parsePath(address);
        if (a == null) {
            return "";
        }
        String local = a.localPart();
        for (char d : (delimiter == null ? "" : delimiter).toCharArray()) {
            int i = local.indexOf(d);
            if (i > 0) {
                local = local.substring(0, i);
            }
        }
        return a.domain() == null ? local : local + "@" + a.domain();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    /** Hash used by the duplicate test for its tracking keys. */
    public static String trackingKey(String kind, String handle, String id) {
        return sha256(kind + "\0" + handle + "\0" + id);
    }
}
