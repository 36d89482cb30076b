"""A Python imaplib session against Colombier: argv = port user password. Prints OK on success."""
import imaplib
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
m = imaplib.IMAP4("127.0.0.1", port, timeout=20)
assert "IMAP4REV1" in m.capabilities, m.capabilities
typ, _ = m.login(user, password)
assert typ == "OK"
assert m.create("Py/Sub")[0] == "OK"
typ, boxes = m.list()
names = [b.decode() for b in boxes]
assert any(n.endswith(' "Py/Sub"') or n.endswith(" Py/Sub") for n in names), names
msg = b"From: py@example.org\r\nSubject: from python\r\n\r\nhello from imaplib\r\n"
typ, data = m.append("INBOX", "(\\Flagged)", None, msg)
assert typ == "OK" and b"APPENDUID" in data[0], data
typ, data = m.select("INBOX")
assert typ == "OK" and data[0] == b"1", data
typ, data = m.search(None, "FLAGGED", "SUBJECT", "python")
assert data[0] == b"1", data
typ, data = m.fetch("1", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY[TEXT])")
assert typ == "OK", data
assert data[0][1] == b"Subject: from python\r\n\r\n", data
assert data[1][1] == b"hello from imaplib\r\n", data
typ, data = m.fetch("1", "FLAGS")
assert b"\\Seen" in data[0] and b"\\Flagged" in data[0], data
typ, data = m.uid("COPY", "1", "Py/Sub")
assert typ == "OK", data
typ, data = m.status("Py/Sub", "(MESSAGES UIDNEXT)")
assert b"MESSAGES 1" in data[0], data
m.store("1", "+FLAGS", "\\Deleted")
typ, data = m.expunge()
assert data[0] == b"1", data
m.close()
m.logout()
print("OK")
