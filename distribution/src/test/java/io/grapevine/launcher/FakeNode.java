package io.grapevine.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for {@code bin/grapevine} in {@link ClusterTest}: a real process that binds its
 * {@code --port} as a node does (exit 3 when it cannot, as {@link Main}) and answers every request
 * with a {@code /core/status} naming its {@code --node-id}. Prints its arguments and
 * {@code JAVA_OPTS} first; SIGTERM ends it.
 */
public final class FakeNode {
    private FakeNode() {
    }

    /** A {@code bin/grapevine} in {@code home} that runs this class in its own JVM. */
    static Path install(Path home) throws IOException, URISyntaxException {
        Path launcher = home.resolve("bin/grapevine");
        Files.createDirectories(launcher.getParent());
        Path classes = Path.of(FakeNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '" + classes + "' "
                + FakeNode.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** Whether the process is one of these stand-ins. */
    static boolean isOne(ProcessHandle process) {
        return process.isAlive() && String.valueOf(ClusterProcesses.commandLine(process)).contains(FakeNode.class.getName());
    }

    public static void main(String[] args) throws IOException {
        List<String> words = List.of(args);
        int port = Integer.parseInt(words.get(words.indexOf("--port") + 1));
        String nodeId = words.get(words.indexOf("--node-id") + 1);
        System.out.println("args: " + String.join(" ", args));
        System.out.println("JAVA_OPTS: " + System.getenv().getOrDefault("JAVA_OPTS", ""));
        System.out.flush();
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(port));
        } catch (BindException e) {
            System.out.println("grapevine: " + HttpPort.takenMessage(port));
            System.exit(HttpPort.TAKEN_EXIT);
        }
        byte[] body = ("{\"nodeId\":\"" + nodeId + "\",\"address\":\"127.0.0.1:" + port + "\",\"uptimeMs\":1,"
                + "\"deployment\":null,\"modules\":[],\"rendezvous\":[]}").getBytes(StandardCharsets.UTF_8);
        while (true) {
            try (Socket client = server.accept()) {
                BufferedReader request = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                    // the request line and headers: every request gets the status
                }
                OutputStream response = client.getOutputStream();
                response.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                response.write(body);
                response.flush();
            } catch (IOException e) {
                // that client went away; serve the next
            }
        }
    }
}
