package nexcage.security.corpus.clean;

/** Clean: string work only, no finding. */
public class Greeter {
    public String greet(String name) {
        return "hello, " + name.strip() + "!";
    }
}
