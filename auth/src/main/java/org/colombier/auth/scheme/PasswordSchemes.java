package org.colombier.auth.scheme;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Dovecot's password schemes by name: {@code {SCHEME}value} with optional {@code .b64}/{@code .hex}
 * encoding suffix, names matched case-insensitively. Weak schemes (Dovecot 2.4's list: DES-CRYPT,
 * MD5-CRYPT, MD5, SMD5, PLAIN-MD4, PLAIN-MD5, LDAP-MD5, HMAC-MD5) verify only when allowed.
 */
public final class PasswordSchemes {
    /** Dovecot's default scheme for passwords stored without a prefix (passwd-file, the crypt family). */
    public static final String DEFAULT_SCHEME = "CRYPT";

    private static final PasswordSchemes DEFAULTS = new PasswordSchemes(List.of(
            new PlainScheme("PLAIN"),
            new PlainScheme("CLEAR"),
            new PlainScheme("CLEARTEXT"),
            new CryptScheme("CRYPT", CryptScheme.Kind.ANY, false),
            new CryptScheme("DES-CRYPT", CryptScheme.Kind.DES, true),
            new CryptScheme("MD5-CRYPT", CryptScheme.Kind.MD5, true),
            new CryptScheme("MD5", CryptScheme.Kind.MD5_OR_PLAIN_MD5, true),
            new CryptScheme("SHA256-CRYPT", CryptScheme.Kind.SHA256, false),
            new CryptScheme("SHA512-CRYPT", CryptScheme.Kind.SHA512, false),
            new CryptScheme("BLF-CRYPT", CryptScheme.Kind.BLOWFISH, false),
            new Argon2Scheme("ARGON2I", Argon2Parameters.ARGON2_i, 32768, 4),
            new Argon2Scheme("ARGON2ID", Argon2Parameters.ARGON2_id, 65536, 3),
            new Argon2Scheme("ARGON2", Argon2Parameters.ARGON2_id, 65536, 3),
            new DigestScheme("SHA", "SHA-1", 20, false, false, Encoding.BASE64),
            new DigestScheme("SHA1", "SHA-1", 20, false, false, Encoding.BASE64),
            new DigestScheme("SHA256", "SHA-256", 32, false, false, Encoding.BASE64),
            new DigestScheme("SHA512", "SHA-512", 64, false, false, Encoding.BASE64),
            new DigestScheme("SSHA", "SHA-1", 20, true, false, Encoding.BASE64),
            new DigestScheme("SSHA256", "SHA-256", 32, true, false, Encoding.BASE64),
            new DigestScheme("SSHA512", "SHA-512", 64, true, false, Encoding.BASE64),
            new DigestScheme("SMD5", "MD5", 16, true, true, Encoding.BASE64),
            new DigestScheme("PLAIN-MD4", "MD4", 16, false, true, Encoding.HEX),
            new DigestScheme("PLAIN-MD5", "MD5", 16, false, true, Encoding.HEX),
            new DigestScheme("LDAP-MD5", "MD5", 16, false, true, Encoding.BASE64),
            new Pbkdf2Scheme(),
            new CramMd5Scheme("CRAM-MD5", false),
            new CramMd5Scheme("HMAC-MD5", true),
            new ScramScheme(ScramHash.SHA_1),
            new ScramScheme(ScramHash.SHA_256)));

    private final Map<String, PasswordScheme> schemes = new LinkedHashMap<>();

    private PasswordSchemes(List<PasswordScheme> all) {
        for (PasswordScheme scheme : all) {
            schemes.put(scheme.name(), scheme);
        }
    }

    public static PasswordSchemes defaults() {
        return DEFAULTS;
    }

    public Set<String> names() {
        return schemes.keySet();
    }

    /** A scheme by name, without any encoding suffix. */
    public Optional<PasswordScheme> find(String name) {
        return Optional.ofNullable(schemes.get(name.toUpperCase(Locale.ROOT)));
    }

    /** {@link #verify(String, String, String, boolean)} with {@link #DEFAULT_SCHEME}. */
    public VerifyResult verify(String plain, String stored, boolean allowWeak) {
        return verify(plain, stored, DEFAULT_SCHEME, allowWeak);
    }

    /**
     * Checks a password against a stored one.
     *
     * @param defaultScheme the scheme of a stored password without {@code {SCHEME}} prefix
     */
    public VerifyResult verify(String plain, String stored, String defaultScheme, boolean allowWeak) {
        StoredPassword parsed;
        try {
            parsed = parse(stored, defaultScheme).orElse(null);
        } catch (InvalidPasswordException e) {
            return VerifyResult.INVALID;
        }
        if (parsed == null) {
            return VerifyResult.UNKNOWN_SCHEME;
        }
        if (parsed.scheme().weak() && !allowWeak) {
            return VerifyResult.WEAK_REFUSED;
        }
        try {
            return parsed.scheme().verify(plain.getBytes(StandardCharsets.UTF_8), parsed.raw(), allowWeak)
                    ? VerifyResult.MATCH : VerifyResult.MISMATCH;
        } catch (WeakSchemeException e) {
            return VerifyResult.WEAK_REFUSED;
        } catch (InvalidPasswordException e) {
            return VerifyResult.INVALID;
        }
    }

    /** Verify against an encoded value of a named scheme, for schemes that defer to another (MD5 to PLAIN-MD5). */
    boolean verifyRaw(String scheme, byte[] password, String encoded, boolean allowWeak) {
        StoredPassword parsed = parse("{" + scheme + "}" + encoded, scheme).orElseThrow();
        return parsed.scheme().verify(password, parsed.raw(), allowWeak);
    }

    /** A new stored password {@code {SCHEME}value}; {@code scheme} may carry a {@code .b64}/{@code .hex} suffix. */
    public String generate(String scheme, String plain) {
        return generate(scheme, plain, 0);
    }

    /**
     * {@link #generate(String, String)} with a cost, see {@link PasswordScheme#generate(byte[], int)}.
     *
     * @throws IllegalArgumentException for an unknown scheme or encoding, or a cost the scheme cannot use
     */
    public String generate(String scheme, String plain, int rounds) {
        int dot = scheme.indexOf('.');
        String name = dot < 0 ? scheme : scheme.substring(0, dot);
        PasswordScheme s = find(name).orElseThrow(() -> new IllegalArgumentException("unknown password scheme " + scheme));
        Encoding encoding = dot < 0 ? s.defaultEncoding() : suffixEncoding(scheme.substring(dot + 1))
                .orElseThrow(() -> new IllegalArgumentException("unknown encoding in " + scheme));
        String prefix = dot < 0 ? s.name() : s.name() + scheme.substring(dot).toLowerCase(Locale.ROOT);
        return "{" + prefix + "}" + encoding.encode(s.generate(plain.getBytes(StandardCharsets.UTF_8), rounds));
    }

    /**
     * Splits a stored password into scheme and raw bytes, as Dovecot's {@code password_get_scheme()}
     * and {@code password_decode()} do: {@code {SCHEME}} prefix, else {@code $1$...} is MD5-CRYPT,
     * else the default scheme. Empty when the scheme or its encoding suffix is unknown.
     *
     * @throws InvalidPasswordException when the value cannot be decoded or has the wrong length
     */
    public Optional<StoredPassword> parse(String stored, String defaultScheme) {
        String schemeName = defaultScheme;
        String value = stored;
        int close = stored.indexOf('}');
        if (stored.startsWith("{") && close > 0) {
            schemeName = stored.substring(1, close);
            value = stored.substring(close + 1);
        } else if (stored.startsWith("$1$") && stored.indexOf('$', 3) > 0) {
            schemeName = "MD5-CRYPT";
            int end = stored.indexOf('$', stored.indexOf('$', 3) + 1);
            value = end < 0 ? stored : stored.substring(0, end);
        }
        int dot = schemeName.indexOf('.');
        Optional<PasswordScheme> scheme = find(dot < 0 ? schemeName : schemeName.substring(0, dot));
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        Optional<Encoding> explicit = dot < 0 ? Optional.empty() : suffixEncoding(schemeName.substring(dot + 1));
        if (dot >= 0 && explicit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredPassword(scheme.get(), decode(scheme.get(), value, explicit)));
    }

    private static byte[] decode(PasswordScheme scheme, String value, Optional<Encoding> explicit) {
        Encoding encoding = explicit.orElse(scheme.defaultEncoding());
        boolean guessed = explicit.isEmpty() && encoding != Encoding.NONE && scheme.rawLength() != 0;
        if (guessed) {
            // like Dovecot: a value twice the raw length is hex, anything else base64
            encoding = value.length() == scheme.rawLength() * 2 ? Encoding.HEX : Encoding.BASE64;
        }
        byte[] raw = switch (encoding) {
            case NONE -> value.getBytes(StandardCharsets.UTF_8);
            case HEX -> decodeHex(value, guessed);
            case BASE64 -> decodeBase64(value);
        };
        if (scheme.rawLength() != 0 && raw.length != scheme.rawLength()) {
            throw new InvalidPasswordException("length " + raw.length + " instead of " + scheme.rawLength());
        }
        return raw;
    }

    private static byte[] decodeHex(String value, boolean guessed) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            if (guessed) {
                return decodeBase64(value);
            }
            throw new InvalidPasswordException("not valid hex");
        }
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordException("not valid base64");
        }
    }

    private static Optional<Encoding> suffixEncoding(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "b64", "base64" -> Optional.of(Encoding.BASE64);
            case "hex" -> Optional.of(Encoding.HEX);
            default -> Optional.empty();
        };
    }
}
