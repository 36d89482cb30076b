/**
 * MIME for IMAP, as Dovecot answers it: {@link org.colombier.server.mime.MessageStructure} parses a
 * message once (mime4j's token stream, offsets tracked in the raw bytes);
 * {@link org.colombier.server.mime.ImapMimeWriter} writes ENVELOPE, BODY and BODYSTRUCTURE (also the
 * form to cache); {@link org.colombier.server.mime.Sections} finds BODY[section] and BINARY[part]
 * content; {@link org.colombier.server.mime.MessageMatcher} evaluates SEARCH keys against a
 * {@link org.colombier.server.mime.SearchContext} the session implements. Pure: no I/O, no MINA,
 * no storage. Header strings are kept as byte strings (one char per byte) so answers repeat the
 * message's bytes exactly; {@link org.colombier.server.mime.HeaderField#text()} and
 * {@link org.colombier.server.mime.Param#decodedValue()} give text.
 */
package org.colombier.server.mime;
