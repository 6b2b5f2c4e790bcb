package nexcage.security.internal.hiding;

/** Where a plugin's look-up of a hidden service is recorded (a violation with no capability). */
@FunctionalInterface
interface HiddenLookups {
    String OPERATION = "service.lookup";

    void lookedUp(String plugin, String className);
}
