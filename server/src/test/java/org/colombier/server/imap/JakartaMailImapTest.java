package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;

import org.colombier.server.testing.ImapServerFixture;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The IMAP server as Jakarta Mail (angus-mail) uses it: folders, messages, flags, search, copy, move, IDLE. */
@Timeout(60)
class JakartaMailImapTest {
    @TempDir
    Path dir;
    private ImapServerFixture fixture;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        fixture = ImapServerFixture.start(dir);
        Properties p = new Properties();
        p.put("mail.imap.host", "127.0.0.1");
        p.put("mail.imap.port", String.valueOf(fixture.port()));
        p.put("mail.imap.connectiontimeout", "5000");
        p.put("mail.imap.timeout", "10000");
        session = Session.getInstance(p);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Store connect() throws Exception {
        Store store = session.getStore("imap");
        store.connect(ImapServerFixture.USER, ImapServerFixture.PASSWORD);
        return store;
    }

    private MimeMessage message(String subject, String text) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("Bob Sender <bob@example.org>"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.org");
        m.setSubject(subject);
        m.setSentDate(new Date());
        m.setText(text);
        m.saveChanges();
        return m;
    }

    @Test
    void foldersCanBeCreatedListedRenamedAndDeleted() throws Exception {
        try (Store store = connect()) {
            Folder work = store.getFolder("Work");
            assertThat(work.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(store.getFolder("Work/2026").create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(store.getDefaultFolder().list("*")).extracting(Folder::getFullName)
                    .contains("INBOX", "Work", "Work/2026");
            assertThat(work.renameTo(store.getFolder("Projects"))).isTrue();
            assertThat(store.getFolder("Projects/2026").exists()).isTrue();
            assertThat(store.getFolder("Work").exists()).isFalse();
            assertThat(store.getFolder("Projects/2026").delete(false)).isTrue();
            assertThat(store.getFolder("Projects/2026").exists()).isFalse();
        }
    }

    @Test
    void appendedMessagesAreFetchedWithEnvelopeStructureAndContent() throws Exception {
        try (Store store = connect()) {
            Folder inbox = store.getFolder("INBOX");
            MimeMessage multi = new MimeMessage(session);
            multi.setSubject("Report");
            multi.setFrom(new InternetAddress("carol@example.org"));
            MimeMultipart mp = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see attached");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setContent("a,b\n1,2\n", "text/csv");
            attachment.setFileName("data.csv");
            mp.addBodyPart(text);
            mp.addBodyPart(attachment);
            multi.setContent(mp);
            multi.saveChanges();
            inbox.appendMessages(new Message[] {message("Hello Alice", "first message"), multi});

            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(FetchProfile.Item.CONTENT_INFO);
            profile.add(UIDFolder.FetchProfileItem.UID);
            inbox.fetch(messages, profile);
            assertThat(messages[0].getSubject()).isEqualTo("Hello Alice");
            assertThat(((InternetAddress) messages[0].getFrom()[0]).getPersonal()).isEqualTo("Bob Sender");
            assertThat(((String) messages[0].getContent()).trim()).isEqualTo("first message");
            assertThat(messages[1].isMimeType("multipart/mixed")).isTrue();
            MimeMultipart fetched = (MimeMultipart) messages[1].getContent();
            assertThat(fetched.getCount()).isEqualTo(2);
            assertThat(fetched.getBodyPart(1).getFileName()).isEqualTo("data.csv");
            assertThat(new String(fetched.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .replace("\r\n", "\n")).isEqualTo("a,b\n1,2\n");
            assertThat(((UIDFolder) inbox).getUID(messages[1])).isEqualTo(2);
            inbox.close(false);
        }
    }

    @Test
    void flagsAreStoredAndSearchFindsMessagesByFlagAndSubject() throws Exception {
        try (Store store = connect()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {message("one", "1"), message("two", "2"), message("three", "3")});
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(2).setFlag(Flags.Flag.FLAGGED, true);
            Flags custom = new Flags("$Important");
            inbox.getMessage(3).setFlags(custom, true);
            assertThat(inbox.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true)))
                    .extracting(Message::getSubject).containsExactly("two");
            assertThat(inbox.search(new SubjectTerm("thr"))).extracting(Message::getMessageNumber).containsExactly(3);
            assertThat(inbox.getMessage(3).getFlags().contains("$Important")).isTrue();
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            inbox.close(false);
        }
    }

    @Test
    void messagesAreCopiedAndMovedWithUidplus() throws Exception {
        try (Store store = connect()) {
            Folder archive = store.getFolder("Archive");
            archive.create(Folder.HOLDS_MESSAGES);
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {message("keep", "k"), message("move", "m")});
            inbox.open(Folder.READ_WRITE);
            inbox.copyMessages(new Message[] {inbox.getMessage(1)}, archive);
            Message moved = inbox.getMessage(2);
            inbox.moveMessages(new Message[] {moved}, archive);
            assertThat(moved.isExpunged()).isTrue();
            assertThat(store.getFolder("INBOX").getMessageCount()).isEqualTo(1);
            archive.open(Folder.READ_ONLY);
            assertThat(archive.getMessages()).extracting(Message::getSubject).containsExactly("keep", "move");
            archive.close(false);
            inbox.close(false);
        }
    }

    @Test
    void idleIsWokenByAnAppendFromAnotherConnection() throws Exception {
        try (Store watcher = connect(); Store writer = connect()) {
            IMAPFolder inbox = (IMAPFolder) watcher.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            CompletableFuture<Integer> added = new CompletableFuture<>();
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    added.complete(e.getMessages().length);
                }
            });
            CompletableFuture<Void> idling = CompletableFuture.runAsync(() -> {
                try {
                    inbox.idle(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            writer.getFolder("INBOX").appendMessages(new Message[] {message("while idling", "x")});
            assertThat(added.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            idling.get(10, TimeUnit.SECONDS);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("while idling");
            inbox.close(false);
        }
    }
}
