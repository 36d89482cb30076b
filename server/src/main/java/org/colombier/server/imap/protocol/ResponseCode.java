package org.colombier.server.imap.protocol;

import java.util.List;

/**
 * A response code, the bracketed part of a status response ({@code [UIDVALIDITY 3857529045]}).
 * {@code text} is written as is after the name; it is built here from typed values only.
 */
public record ResponseCode(String name, String text) {

    public static ResponseCode of(String name) {
        return new ResponseCode(name, null);
    }

    private static ResponseCode of(String name, Object value) {
        return new ResponseCode(name, String.valueOf(value));
    }

    private static String list(List<String> items) {
        return "(" + String.join(" ", items) + ")";
    }

    public static ResponseCode alert() {
        return of("ALERT");
    }

    public static ResponseCode capability(List<String> capabilities) {
        return of("CAPABILITY", String.join(" ", capabilities));
    }

    public static ResponseCode badCharset(List<String> supported) {
        return of("BADCHARSET", list(supported));
    }

    public static ResponseCode parse() {
        return of("PARSE");
    }

    public static ResponseCode permanentFlags(List<String> flags) {
        return of("PERMANENTFLAGS", list(flags));
    }

    public static ResponseCode readOnly() {
        return of("READ-ONLY");
    }

    public static ResponseCode readWrite() {
        return of("READ-WRITE");
    }

    public static ResponseCode tryCreate() {
        return of("TRYCREATE");
    }

    public static ResponseCode uidNext(long uid) {
        return of("UIDNEXT", uid);
    }

    public static ResponseCode uidValidity(long uidValidity) {
        return of("UIDVALIDITY", uidValidity);
    }

    public static ResponseCode unseen(long seq) {
        return of("UNSEEN", seq);
    }

    /** RFC 4315 UIDPLUS. */
    public static ResponseCode appendUid(long uidValidity, String uids) {
        return of("APPENDUID", uidValidity + " " + uids);
    }

    /** RFC 4315 UIDPLUS. */
    public static ResponseCode copyUid(long uidValidity, String sourceUids, String destinationUids) {
        return of("COPYUID", uidValidity + " " + sourceUids + " " + destinationUids);
    }

    /** RFC 7162 CONDSTORE. */
    public static ResponseCode highestModSeq(long modSeq) {
        return of("HIGHESTMODSEQ", modSeq);
    }

    public static ResponseCode noModSeq() {
        return of("NOMODSEQ");
    }

    public static ResponseCode modified(String set) {
        return of("MODIFIED", set);
    }

    /** RFC 7162 QRESYNC: the previous mailbox was closed by this SELECT. */
    public static ResponseCode closed() {
        return of("CLOSED");
    }

    /** RFC 4469 / RFC 7889: the message is larger than the server accepts. */
    public static ResponseCode tooBig() {
        return of("TOOBIG");
    }

    // RFC 5530 codes
    public static ResponseCode unavailable() {
        return of("UNAVAILABLE");
    }

    public static ResponseCode authenticationFailed() {
        return of("AUTHENTICATIONFAILED");
    }

    public static ResponseCode authorizationFailed() {
        return of("AUTHORIZATIONFAILED");
    }

    public static ResponseCode privacyRequired() {
        return of("PRIVACYREQUIRED");
    }

    public static ResponseCode inUse() {
        return of("INUSE");
    }

    public static ResponseCode expungeIssued() {
        return of("EXPUNGEISSUED");
    }

    public static ResponseCode overQuota() {
        return of("OVERQUOTA");
    }

    public static ResponseCode alreadyExists() {
        return of("ALREADYEXISTS");
    }

    public static ResponseCode nonExistent() {
        return of("NONEXISTENT");
    }

    public static ResponseCode noPerm() {
        return of("NOPERM");
    }

    public static ResponseCode cannot() {
        return of("CANNOT");
    }

    public static ResponseCode limit() {
        return of("LIMIT");
    }

    public static ResponseCode serverBug() {
        return of("SERVERBUG");
    }

    public static ResponseCode clientBug() {
        return of("CLIENTBUG");
    }

    public static ResponseCode contactAdmin() {
        return of("CONTACTADMIN");
    }

    @Override
    public String toString() {
        return "[" + name + (text == null ? "" : " " + text) + "]";
    }
}
