package org.colombier.sieve.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One script's variable scope (RFC 5229), linked to the globals shared by included scripts (RFC 6609). */
final class Variables {
    private final Map<String, String> local = new HashMap<>();
    private final Map<String, String> globals;
    private final Set<String> globalNames = new HashSet<>();
    private final int maxSize;
    private final int maxCount;
    final List<String> matches = new ArrayList<>();

    Variables(Map<String, String> globals, int maxSize, int maxCount) {
        this.globals = globals;
        this.maxSize = maxSize;
        this.maxCount = maxCount;
    }

    void declareGlobal(String name) {
        globalNames.add(name.toLowerCase());
    }

    /** @return false when the scope is full */
    boolean set(String name, String value) {
        String n = name.toLowerCase();
        String v = value.length() > maxSize ? value.substring(0, maxSize) : value;
        Map<String, String> scope = scopeOf(n);
        if (n.startsWith("global.")) {
            n = n.substring("global.".length());
        }
        if (!scope.containsKey(n) && scope.size() >= maxCount) {
            return false;
        }
        scope.put(n, v);
        return true;
    }

    String get(String name) {
        String n = name.toLowerCase();
        Map<String, String> scope = scopeOf(n);
        if (n.startsWith("global.")) {
            n = n.substring("global.".length());
        }
        return scope.getOrDefault(n, "");
    }

    private Map<String, String> scopeOf(String n) {
        return n.startsWith("global.") || globalNames.contains(n) ? globals : local;
    }

    /** Replaces ${name} and ${N} references; anything that is not a valid reference stays as written. */
    String expand(String s) {
        int start = s.indexOf("${");
        if (start < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (start >= 0) {
            int end = s.indexOf('}', start + 2);
            if (end < 0) {
                break;
            }
            String name = s.substring(start + 2, end);
            String value = resolve(name);
            if (value == null) {
                sb.append(s, i, start + 2);
                i = start + 2;
            } else {
                sb.append(s, i, start).append(value);
                i = end + 1;
            }
            start = s.indexOf("${", i);
        }
        sb.append(s.substring(i));
        return sb.toString();
    }

    private String resolve(String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (name.chars().allMatch(Character::isDigit)) {
            int idx;
            try {
                idx = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return "";
            }
            return idx < matches.size() ? matches.get(idx) : "";
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !(Character.isLetter(part.charAt(0)) || part.charAt(0) == '_')
                    || !part.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return null;
            }
        }
        return get(name);
    }
}
