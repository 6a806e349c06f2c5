package resnetmc.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@link Main#run} as the tests call it: standard output discarded, the exit code and standard error kept. */
public final class MainRun {
    private MainRun() {
    }

    /** The exit code and what the run printed on standard error. */
    public record Result(int code, String err) {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        return new Result(code, err.toString(StandardCharsets.UTF_8));
    }
}
