package org.colombier.sieve.eval;

/**
 * A CharSequence that counts every character the regex engine reads and aborts once the evaluation's budget is
 * spent: a catastrophically backtracking pattern ends in an error instead of a hang.
 */
final class BudgetedChars implements CharSequence {
    /** Thrown when the budget is exhausted. */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exhausted() {
            super("regular expression matching exceeded its budget", null, false, false);
        }
    }

    /** The shared, mutable remaining budget of one evaluation. */
    static final class Budget {
        private long remaining;

        Budget(long steps) {
            remaining = steps;
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final Budget budget;

    BudgetedChars(String text, Budget budget) {
        this(text, 0, text.length(), budget);
    }

    private BudgetedChars(String text, int offset, int length, Budget budget) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget.remaining < 0) {
            throw new Exhausted();
        }
        return text.charAt(offset + index);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedChars(text, offset + start, end - start, budget);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
