package io.grapevine.itest.support;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code bin/grapevine-ctl} run as an operator runs it: its own process, no terminal. */
public final class CtlRun {

    /** What one run printed and how it ended. */
    public record Result(int code, String out, String err) {
    }

    private CtlRun() {
    }

    /** Runs it with {@code args}; {@code password} as {@code $GRAPEVINE_ADMIN_PASSWORD}, or none when null. */
    public static Result run(List<String> args, String password) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Distribution.home().resolve("bin/grapevine-ctl").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("GRAPEVINE_ADMIN_PASSWORD");
        if (password != null) {
            builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", password);
        }
        Path out = Files.createTempFile(Distribution.targetDir(), "ctl", ".out");
        Path err = Files.createTempFile(Distribution.targetDir(), "ctl", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue("grapevine-ctl did not finish", process.waitFor(120, TimeUnit.SECONDS));
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
