package org.colombier.server.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery into the users' own mailboxes: resolves {@code user+detail@domain} through the userdb,
 * enforces the quota and the per-user concurrency limit, asks the {@link DeliveryRules} what to do
 * and stores through a {@link MailboxTarget}. Logs one line per recipient, as Dovecot does:
 * {@code lmtp(alice@example.org)<session><id>: msgid=<...>: saved mail to INBOX}.
 */
public final class LocalDelivery implements Delivery {
    private static final Logger LOG = LoggerFactory.getLogger("lmtp");

    /** The userdb: {@code Authenticator::lookupUser}. */
    @FunctionalInterface
    public interface Users {
        UserLookup lookup(String user);
    }

    /** Opens a user's mailboxes: {@code MailUsers.open(record, "lmtp")}. */
    @FunctionalInterface
    public interface Mailboxes {
        UserMailboxes open(UserRecord user) throws StoreException;
    }

    private final Users users;
    private final Mailboxes mailboxes;
    private final DeliveryRules rules;
    private final DeliverySettings settings;
    private final UserConcurrency concurrency;
    private final Outbox outbox;

    /** Delivery whose rules send no mail. */
    public LocalDelivery(Users users, Mailboxes mailboxes, DeliveryRules rules, DeliverySettings settings) {
        this(users, mailboxes, rules, settings, Outbox.NONE);
    }

    public LocalDelivery(Users users, Mailboxes mailboxes, DeliveryRules rules, DeliverySettings settings, Outbox outbox) {
        this.outbox = outbox;
        this.users = users;
        this.mailboxes = mailboxes;
        this.rules = rules;
        this.settings = settings;
        this.concurrency = new UserConcurrency(settings.userConcurrencyLimit(), settings.concurrencyWait());
    }

    @Override
    public RecipientCheck check(String address) {
        String[] userAndDetail = splitDetail(address);
        UserLookup lookup = users.lookup(userAndDetail[0]);
        if (lookup instanceof UserLookup.NotFound) {
            return new RecipientCheck.UnknownUser();
        }
        if (lookup instanceof UserLookup.TempFail fail) {
            LOG.error("lmtp: userdb lookup for {} failed: {}", userAndDetail[0], fail.detail());
            return new RecipientCheck.TemporaryFailure(fail.detail());
        }
        Recipient recipient = new Recipient(address, userAndDetail[1], ((UserLookup.Found) lookup).user());
        if (settings.rcptCheckQuota()) {
            try (UserMailboxes boxes = mailboxes.open(recipient.user())) {
                if (!Quota.of(recipient.user().fields(), settings).allows(boxes, 0)) {
                    return new RecipientCheck.OverQuota(settings.quotaExceededMessage());
                }
            } catch (StoreException e) {
                LOG.error("lmtp({}): quota check failed: {}", recipient.user().user(), e.getMessage());
                return new RecipientCheck.TemporaryFailure(e.getMessage());
            }
        }
        return new RecipientCheck.Accepted(recipient);
    }

    /** {@code user+detail@domain} to {@code [user@domain, detail]}, splitting at the first delimiter. */
    String[] splitDetail(String address) {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : address.substring(at);
        for (int i = 0; i < local.length(); i++) {
            if (settings.recipientDelimiter().indexOf(local.charAt(i)) >= 0) {
                return new String[] {local.substring(0, i) + domain, local.substring(i + 1)};
            }
        }
        return new String[] {address, ""};
    }

    @Override
    public DeliveryResult deliver(Envelope envelope, Recipient recipient, MessageSource message) {
        String user = recipient.user().user();
        String prefix = "lmtp(" + user + ")<" + envelope.sessionId() + "><" + envelope.transactionId() + ">: msgid="
                + orNone(MessageIds.of(message));
        try {
            if (!concurrency.acquire(user)) {
                LOG.warn("{}: too many concurrent deliveries for user", prefix);
                return new DeliveryResult.Failed(StoreError.IN_USE, "Too many concurrent deliveries for user");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Failed(StoreError.TEMPORARY, "Server shutting down");
        }
        try (UserMailboxes boxes = mailboxes.open(recipient.user())) {
            byte[] trace = TraceHeaders.of(envelope, recipient, settings.hostname());
            List<DeliveryAction> actions = rules.actions(envelope, recipient, message);
            for (DeliveryAction action : actions) {
                if (action instanceof DeliveryAction.Refuse refuse) {
                    LOG.info("{}: rejected: {}", prefix, refuse.reason());
                    return new DeliveryResult.Refused(refuse.reason());
                }
            }
            MessageSource stored = TraceHeaders.prepend(trace, edited(actions, message));
            if (!Quota.of(recipient.user().fields(), settings).allows(boxes, stored.size())) {
                LOG.info("{}: save failed to INBOX: {}", prefix, settings.quotaExceededMessage());
                return new DeliveryResult.Failed(StoreError.OVER_QUOTA, settings.quotaExceededMessage());
            }
            List<MailboxPath> saved = apply(actions, new MailboxTarget(boxes), defaultMailbox(recipient, boxes), stored, prefix);
            if (saved.isEmpty()) {
                LOG.info("{}: discarded", prefix);
            }
            send(actions, prefix);
            for (DeliveryAction action : actions) {
                if (action instanceof DeliveryAction.AfterDelivery after) {
                    try {
                        after.task().run();
                    } catch (RuntimeException e) {
                        // the mail is stored and queued: a lost state record must not fail the delivery
                        LOG.error("{}: cannot record delivery state: {}", prefix, e.getMessage());
                    }
                }
            }
            return new DeliveryResult.Saved(saved);
        } catch (IOException e) {
            // copies may be stored already: a retry by the MTA duplicates them, which loses nothing
            LOG.error("{}: cannot queue outgoing mail: {}", prefix, e.getMessage());
            return new DeliveryResult.Failed(StoreError.TEMPORARY, e.getMessage());
        } catch (StoreException e) {
            LOG.error("{}: save failed: {}", prefix, e.getMessage());
            return new DeliveryResult.Failed(e.error(), e.getMessage());
        } catch (DeliveryException e) {
            LOG.error("{}: {}", prefix, e.getMessage());
            return new DeliveryResult.Failed(StoreError.TEMPORARY, e.getMessage());
        } finally {
            concurrency.release(user);
        }
    }

    /** The message as the last {@link DeliveryAction.ReplaceHeader} left it. */
    private static MessageSource edited(List<DeliveryAction> actions, MessageSource message) {
        MessageSource result = message;
        for (DeliveryAction action : actions) {
            if (action instanceof DeliveryAction.ReplaceHeader replace) {
                result = HeaderSplit.replace(message, replace.bodyOffset(), replace.header());
            }
        }
        return result;
    }

    /** Queues the outgoing mail; on return each message is durably in the outbox. */
    private void send(List<DeliveryAction> actions, String prefix) throws IOException {
        for (DeliveryAction action : actions) {
            if (action instanceof DeliveryAction.Send send) {
                outbox.enqueue(send.mailFrom(), send.recipients(), send.message());
                LOG.info("{}: queued mail from <{}> to {}", prefix, send.mailFrom(), send.recipients());
            }
        }
    }

    private List<MailboxPath> apply(List<DeliveryAction> actions, DeliveryTarget target, MailboxPath keepIn,
                                    MessageSource message, String prefix) throws StoreException {
        List<MailboxPath> saved = new ArrayList<>();
        for (DeliveryAction action : actions) {
            MailboxPath mailbox;
            Flags flags;
            boolean create;
            if (action instanceof DeliveryAction.Keep keep) {
                mailbox = keepIn;
                flags = keep.flags();
                create = false;
            } else if (action instanceof DeliveryAction.FileInto fileInto) {
                mailbox = fileInto.mailbox();
                flags = fileInto.flags();
                create = fileInto.create();
                if (!create && !target.exists(mailbox)) {
                    // as Dovecot: a missing folder must not lose the message
                    LOG.info("{}: mailbox {} doesn't exist, saving to INBOX", prefix, mailbox);
                    mailbox = MailboxPath.INBOX;
                }
            } else {
                continue;
            }
            if (saved.contains(mailbox)) {
                continue;
            }
            target.save(mailbox, flags, create, message);
            saved.add(mailbox);
            LOG.info("{}: saved mail to {}", prefix, mailbox);
        }
        return saved;
    }

    /** The detail mailbox if {@code lmtp_save_to_detail_mailbox} is on and it exists, else INBOX. */
    private MailboxPath defaultMailbox(Recipient recipient, UserMailboxes boxes) throws StoreException {
        if (!settings.saveToDetailMailbox() || recipient.detail().isEmpty()) {
            return MailboxPath.INBOX;
        }
        MailboxPath detail;
        try {
            detail = MailboxPath.of(List.of(recipient.detail()));
        } catch (StoreException e) {
            return MailboxPath.INBOX;
        }
        return new MailboxTarget(boxes).exists(detail) ? detail : MailboxPath.INBOX;
    }

    private static String orNone(String messageId) {
        return messageId.isEmpty() ? "<none>" : messageId;
    }
}
