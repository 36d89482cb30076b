package org.colombier.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed form of a dovecot.conf, before it is loaded into Commons Configuration. */
final class ConfTree {
    private ConfTree() {
    }

    /** {@code key = value}; {@code key} is the full setting name (prefix added inside named filters). */
    record Entry(String key, String value, SourceLocation where) {
    }

    /** A section: a named filter ({@code service imap-login}) or a string list ({@code fields}). */
    static final class Section {
        final String type;
        final String name;
        final SourceLocation where;
        final KnownSettings.Kind listKind;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<Section> children = new ArrayList<>();

        /**
         * @param listKind {@code BOOLLIST} or {@code STRLIST} for list sections, null for named filters
         */
        Section(String type, String name, SourceLocation where, KnownSettings.Kind listKind) {
            this.type = type;
            this.name = name;
            this.where = where;
            this.listKind = listKind;
        }

        boolean isRoot() {
            return type == null;
        }

        /** How errors name it: {@code service imap-login}. */
        String title() {
            return name == null ? type : type + " " + name;
        }
    }
}
