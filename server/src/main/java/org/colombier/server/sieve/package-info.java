/**
 * Sieve at delivery (Pigeonhole's LMTP plugin): with {@code mail_plugins { sieve = yes }} each
 * recipient's {@code before}, personal (the active script) and {@code after} scripts are evaluated
 * by the {@code sieve} library and their actions turned into
 * {@link org.colombier.server.delivery.DeliveryAction}s: stores with flags and header edits,
 * {@code ereject} as a protocol refusal, and redirect, vacation, reject notices and mailto
 * notifications as outgoing mail for the submission queue. A script that does not compile or fails
 * at run time never loses mail: the message is kept in INBOX and the reason logged.
 */
package org.colombier.server.sieve;
