package org.colombier.api.template;

/**
 * A template that cannot be parsed (unknown variable or filter, unclosed {@code %{}), or an
 * expansion that was refused because a value would make a path leave its base.
 */
public class TemplateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
