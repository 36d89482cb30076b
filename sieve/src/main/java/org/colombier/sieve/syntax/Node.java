package org.colombier.sieve.syntax;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command or a test. The parser fills the syntax; the validator then binds the arguments against the
 * command's specification: {@link #tag} gives tagged arguments by name, {@link #arg} the positional ones
 * (a {@code String}, {@code List<String>} or {@code Long}, null for an omitted optional one).
 */
public final class Node {
    private final String name;
    private final Position pos;
    private final List<Argument> arguments;
    private final List<Node> tests;
    private final List<Node> block;
    private final Map<String, Object> tags = new HashMap<>();
    private List<Object> args = List.of();
    private boolean dead;

    Node(String name, Position pos, List<Argument> arguments, List<Node> tests, List<Node> block) {
        this.name = name;
        this.pos = pos;
        this.arguments = arguments;
        this.tests = tests;
        this.block = block;
    }

    public String name() { return name; }
    public Position pos() { return pos; }
    List<Argument> arguments() { return arguments; }
    public List<Node> tests() { return tests; }
    /** The commands of the block, or null when the command ended with ';'. */
    public List<Node> block() { return block; }

    public boolean has(String tag) { return tags.containsKey(tag); }
    public Object tag(String tag) { return tags.get(tag); }
    public Object arg(int i) { return args.get(i); }
    public int argCount() { return args.size(); }
    /**
     * True for a block guarded by an {@code ihave} of capabilities this server lacks: it was not validated
     * (RFC 5463 section 4) and can never run.
     */
    public boolean dead() { return dead; }

    void bind(Map<String, Object> tagValues, List<Object> positional) {
        tags.putAll(tagValues);
        args = positional;
    }

    void markDead() { dead = true; }
}
