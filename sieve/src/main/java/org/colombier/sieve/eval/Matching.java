package org.colombier.sieve.eval;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Match types (:is :contains :matches :regex :count :value) over a comparator, with match-variable capture. */
final class Matching {
    private final BudgetedChars.Budget budget;
    /** Compiled patterns shared by all evaluations: scripts are compiled once but run for every message. */
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_PATTERNS = 10_000;

    Matching(long regexBudget) {
        this.budget = new BudgetedChars.Budget(regexBudget);
    }

    /** A failed regex compile at run time (the key came from a variable). */
    static final class BadPattern extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadPattern(String message) {
            super(message);
        }
    }

    /**
     * @param type     match type name without ':' (null = is)
     * @param relation relational operator for count/value
     * @param captures receives ${0}..${n} on the first successful :matches/:regex pair, when non-null
     */
    boolean match(String type, String relation, Comparator cmp, List<String> values, List<String> keys,
                  List<String> captures) {
        String t = type == null ? "is" : type;
        if (t.equals("count")) {
            long count = values.stream().filter(v -> v != null).count();
            for (String k : keys) {
                if (relate(relation, cmp.compare(String.valueOf(count), k))) {
                    return true;
                }
            }
            return false;
        }
        for (String v : values) {
            for (String k : keys) {
                boolean ok = switch (t) {
                    case "is" -> cmp.compare(v, k) == 0;
                    case "contains" -> cmp.contains(v, k);
                    case "value" -> relate(relation, cmp.compare(v, k));
                    case "matches" -> regex(globPattern(k, cmp), false, v, captures);
                    case "regex" -> regex(regexPattern(k, cmp), true, v, captures);
                    default -> false;
                };
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean relate(String op, int c) {
        return switch (op.toLowerCase()) {
            case "gt" -> c > 0;
            case "ge" -> c >= 0;
            case "lt" -> c < 0;
            case "le" -> c <= 0;
            case "eq" -> c == 0;
            default -> c != 0;
        };
    }

    /** @param search true for :regex (POSIX semantics: match anywhere), false for a glob (whole value) */
    private boolean regex(Pattern p, boolean search, String value, List<String> captures) {
        try {
            Matcher m = p.matcher(new BudgetedChars(value, budget));
            boolean found = search ? m.find() : m.matches();
            if (found && captures != null) {
                captures.clear();
                for (int g = 0; g <= m.groupCount(); g++) {
                    String s = m.group(g);
                    captures.add(s == null ? "" : s);
                }
            }
            return found;
        } catch (StackOverflowError e) {
            throw new BudgetedChars.Exhausted();
        }
    }

    private Pattern regexPattern(String key, Comparator cmp) {
        String cacheKey = "r" + cmp.ordinal() + key;
        Pattern p = PATTERNS.get(cacheKey);
        if (p == null) {
            try {
                p = Pattern.compile(key, cmp == Comparator.ASCII_CASEMAP ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                throw new BadPattern("invalid regular expression '" + key + "': " + e.getDescription());
            }
            cache(cacheKey, p);
        }
        return p;
    }

    private static void cache(String key, Pattern p) {
        if (PATTERNS.size() >= MAX_CACHED_PATTERNS) {
            PATTERNS.clear(); // crude bound: patterns built from variables must not grow the cache forever
        }
        PATTERNS.put(key, p);
    }

    /** Converts a Sieve glob to a regex: '*' is a lazy group, '?' one character, '\' escapes. */
    private Pattern globPattern(String glob, Comparator cmp) {
        String cacheKey = "g" + cmp.ordinal() + glob;
        Pattern p = PATTERNS.get(cacheKey);
        if (p == null) {
            StringBuilder re = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '\\' && i + 1 < glob.length()) {
                    literal.append(glob.charAt(++i));
                } else if (c == '*' || c == '?') {
                    if (literal.length() > 0) {
                        re.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    re.append(c == '*' ? "(.*?)" : "(.)");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                re.append(Pattern.quote(literal.toString()));
            }
            p = Pattern.compile(re.toString(), Pattern.DOTALL
                    | (cmp == Comparator.ASCII_CASEMAP ? Pattern.CASE_INSENSITIVE : 0));
            cache(cacheKey, p);
        }
        return p;
    }
}
