package org.colombier.auth.scheme;

/**
 * A stored password split into its scheme and raw (decoded) bytes.
 *
 * @param scheme the scheme, found case-insensitively from the {@code {SCHEME}} prefix or the default
 * @param raw    the value after the prefix, decoded from base64/hex when the scheme is encoded
 */
public record StoredPassword(PasswordScheme scheme, byte[] raw) {
}
