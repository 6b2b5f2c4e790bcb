package org.nexcage.examples.greeting;

/** How the hello plugin greets. */
public final class Greetings {
    private Greetings() {
    }

    /** {@code Hello, NAME!}, or {@code Hello, World!} for a null or empty name. */
    public static String greet(String name) {
        return "Hello, " + (name == null || name.isEmpty() ? "World" : name) + "!";
    }
}
