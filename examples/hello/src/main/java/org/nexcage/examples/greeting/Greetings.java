package org.nexcage.examples.greeting;

/** How the hello plugin greets. */
public final class Greetings {
    /** The greeting when none is configured. */
    public static final String DEFAULT_GREETING = "Hello";

    private Greetings() {
    }

    /** {@code Hello, NAME!}, or {@code Hello, World!} for a null or empty name. */
    public static String greet(String name) {
        return greet(DEFAULT_GREETING, name);
    }

    /**
     * {@code GREETING, NAME!}: the default greeting for a null or blank one, {@code World} for a
     * null or empty name.
     */
    public static String greet(String greeting, String name) {
        return (greeting == null || greeting.isBlank() ? DEFAULT_GREETING : greeting) + ", "
                + (name == null || name.isEmpty() ? "World" : name) + "!";
    }
}
