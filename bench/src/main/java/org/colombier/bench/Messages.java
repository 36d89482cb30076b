package org.colombier.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/** Plausible RFC 5322 test messages of a chosen size, CRLF line ends, no line starting with a dot. */
public final class Messages {
    private static final String[] WORDS = {"mail", "server", "colombier", "pigeon", "loft", "maildir", "index",
        "message", "folder", "deliver", "quota", "sieve", "flag", "search", "header", "body", "benchmark"};

    private Messages() {
    }

    /** A message of exactly {@code size} bytes (at least its headers' size). */
    public static byte[] generate(String id, String subject, int size, Random random) {
        StringBuilder text = new StringBuilder(size + 100);
        text.append("From: Bench Sender <sender@bench.test>\r\n")
            .append("To: Bench Rcpt <rcpt@bench.test>\r\n")
            .append("Subject: ").append(subject).append("\r\n")
            .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n")
            .append("Message-ID: <").append(id).append("@bench.test>\r\n")
            .append("X-Bench-Id: ").append(id).append("\r\n")
            .append("MIME-Version: 1.0\r\n")
            .append("Content-Type: text/plain; charset=us-ascii\r\n")
            .append("\r\n");
        int lineLength = 0;
        while (text.length() < size - 2) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (lineLength + word.length() + 1 > 72) {
                text.append("\r\n");
                lineLength = 0;
            }
            if (lineLength > 0) {
                text.append(' ');
                lineLength++;
            }
            text.append(word);
            lineLength += word.length();
        }
        if (text.length() > size - 2 && size - 2 > text.indexOf("\r\n\r\n") + 4) {
            text.setLength(size - 2);
        }
        if (text.charAt(text.length() - 1) == '\r') {
            text.setCharAt(text.length() - 1, 'x');
        }
        text.append("\r\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static String subjectWord(Random random) {
        return WORDS[random.nextInt(WORDS.length)].toUpperCase(Locale.ROOT);
    }
}
