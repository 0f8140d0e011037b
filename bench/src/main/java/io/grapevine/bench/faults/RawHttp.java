package io.grapevine.bench.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One request sent byte for byte on a new connection, from a chosen loopback source address: for
 * requests no HTTP client would build (bad request lines, broken framing, lying lengths), and so
 * that a node's per-address login back-off sees many callers.
 */
final class RawHttp {
    /**
     * What came back: the status (0 when the connection closed without a status line), the body,
     * and, when reading ended on an error (a reset, the read timeout), that error.
     */
    record Answer(int status, String body, IOException readError) {
    }

    private RawHttp() {
    }

    static Answer send(String host, int port, String source, byte[] head, byte[] body, boolean sendBody)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            if (source != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            }
            socket.connect(new InetSocketAddress(host, port), 10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                if (sendBody) {
                    out.write(body);
                }
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the node may answer and close before it read all of it (413, 431): read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            IOException readError = null;
            try {
                for (int r = in.read(buffer); r >= 0 && answer.size() < 1 << 20; r = in.read(buffer)) {
                    answer.write(buffer, 0, r);
                }
            } catch (IOException e) {
                readError = e; // a reset after the answer: what was read stands
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.")) {
                return new Answer(0, text, readError);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Answer(status, split < 0 ? "" : text.substring(split + 4), readError);
        }
    }
}
