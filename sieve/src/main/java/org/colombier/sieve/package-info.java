/**
 * Sieve (RFC 5228) and its extensions, as a pure library: it never touches storage and never sends mail.
 *
 * <pre>{@code
 * SieveScript script = scriptCache.get(userSieveDir.resolve("main.sieve")).orElse(null);   // or SieveCompiler.compile
 * SieveContext ctx = SieveContext.builder()
 *         .settings(DovecotSieveSettings.from(dovecotSettings))
 *         .mailboxes(name -> userMailboxes.exists(name))
 *         .vacation(FileTrackingStore.vacation(home)).duplicates(FileTrackingStore.duplicate(home))
 *         .includes(new DirectoryIncludeResolver(userSieveDir, globalSieveDir, scriptCache))
 *         .build();
 * try {
 *     SieveResult r = new SieveEvaluator().evaluate(script, SieveMessage.of(spoolFile), envelope, ctx);
 *     for (Action a : r.deliveryActions()) { ... store with r.headers() when r.headersEdited() ... }
 *     r.commit();                         // after the actions succeeded: records vacation replies and duplicate ids
 * } catch (SieveRuntimeException e) {
 *     // log e.getMessage() for the user and keep the message in INBOX
 * }
 * }</pre>
 *
 * Vacation replies are built with {@link org.colombier.sieve.vacation.VacationReplyBuilder} and sent with an
 * empty envelope sender.
 */
package org.colombier.sieve;
