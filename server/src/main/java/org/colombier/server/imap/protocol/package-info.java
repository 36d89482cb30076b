/**
 * IMAP4rev1 protocol syntax with no I/O and no storage.
 *
 * <p>The flow a session follows:
 * <ol>
 *   <li>feed received bytes to {@link org.colombier.server.imap.protocol.RequestDecoder#next}; it
 *       returns one {@link org.colombier.server.imap.protocol.DecoderEvent} at a time: a complete
 *       {@link org.colombier.server.imap.protocol.Request}, a literal continuation to answer with
 *       {@code +}, a refused command (already resynchronized), a raw line (IDLE's DONE, SASL), or a
 *       fatal condition ({@code * BYE}, close);</li>
 *   <li>parse the request with
 *       {@link org.colombier.server.imap.protocol.command.CommandRegistry#parse} into the command's
 *       record; a {@link org.colombier.server.imap.protocol.command.CommandParseException} carries
 *       the {@code BAD} (or {@code NO [BADCHARSET ...]}) to send;</li>
 *   <li>build responses with {@link org.colombier.server.imap.protocol.ResponseBuilder} and send each
 *       {@link org.colombier.server.imap.protocol.Response} chunk by chunk;</li>
 *   <li>close the request when the command is done: that deletes spooled literals.</li>
 * </ol>
 */
package org.colombier.server.imap.protocol;
