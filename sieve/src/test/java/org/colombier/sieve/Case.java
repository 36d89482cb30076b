package org.colombier.sieve;

import java.util.List;

/** One row of a table-driven suite: script + message + envelope gives these delivery actions. */
record Case(String name, String script, String message, Envelope envelope, List<String> expected) {
    static final String DEFAULT_MESSAGE = """
            Return-Path: <alice@example.org>
            Received: from mx.example.org by mx.example.com; Thu, 14 Mar 2024 15:00:00 +0000
            From: Alice Example <alice@example.org>
            To: Bob <bob@example.com>, carol+lists@example.com
            Cc: "Dave, the boss" <dave@example.net>
            Subject: [acme-users] [fwd] version 1.0 is out
            Date: Thu, 14 Mar 2024 14:30:00 -0500
            Message-ID: <1234@example.org>
            X-Spam-Score: 6.5
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Hello Bob,
            the new release is out. Make money fast!
            """;
    static final Envelope DEFAULT_ENVELOPE = new Envelope("alice@example.org", "bob+sieve@example.com", null);

    static Case of(String name, String script, String... expected) {
        return new Case(name, script, DEFAULT_MESSAGE, DEFAULT_ENVELOPE, List.of(expected));
    }

    static Case msg(String name, String script, String message, String... expected) {
        return new Case(name, script, message, DEFAULT_ENVELOPE, List.of(expected));
    }

    @Override
    public String toString() {
        return name;
    }
}
