package org.colombier.sieve.syntax;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The accepted shape of one command or test: its extension, tagged arguments, positional arguments, tests and block. */
final class Spec {
    enum Kind { STRING, STRING_LIST, NUMBER }

    /** A tagged argument; {@code value} is null for a flag-like tag; tags sharing a {@code group} exclude each other. */
    record TagSpec(String name, Kind value, String group, String extension) { }

    final String name;
    final boolean isTest;
    final String extension;
    final Map<String, TagSpec> tags = new LinkedHashMap<>();
    final List<Kind> positional = new ArrayList<>();
    int optional;
    boolean optionalFirst;
    int minTests;
    int maxTests;
    boolean block;

    Spec(String name, boolean isTest, String extension) {
        this.name = name;
        this.isTest = isTest;
        this.extension = extension;
    }

    String describe() {
        return (isTest ? "test '" : "command '") + name + "'";
    }

    Spec tag(String tag, Kind value, String group, String ext) {
        tags.put(tag, new TagSpec(tag, value, group, ext));
        return this;
    }

    Spec flag(String tag, String ext) {
        return tag(tag, null, null, ext);
    }

    Spec pos(Kind... kinds) {
        positional.addAll(List.of(kinds));
        return this;
    }

    /** The last {@code n} positional arguments may be left out (the first ones when {@code first}). */
    Spec optional(int n, boolean first) {
        optional = n;
        optionalFirst = first;
        return this;
    }

    Spec tests(int min, int max) {
        minTests = min;
        maxTests = max;
        return this;
    }

    Spec block() {
        block = true;
        return this;
    }

    Spec comparator() {
        return tag("comparator", Kind.STRING, "comparator", null);
    }

    Spec matchType() {
        tag("is", null, "match-type", null);
        tag("contains", null, "match-type", null);
        tag("matches", null, "match-type", null);
        tag("regex", null, "match-type", "regex");
        tag("count", Kind.STRING, "match-type", "relational");
        return tag("value", Kind.STRING, "match-type", "relational");
    }

    Spec addressPart() {
        tag("all", null, "address-part", null);
        tag("localpart", null, "address-part", null);
        tag("domain", null, "address-part", null);
        tag("user", null, "address-part", "subaddress");
        return tag("detail", null, "address-part", "subaddress");
    }

    Spec index(String ext) {
        tag("index", Kind.NUMBER, null, ext);
        return flag("last", ext);
    }
}
