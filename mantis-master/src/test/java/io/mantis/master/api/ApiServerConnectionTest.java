package io.mantis.master.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 keep-alive and pipelining, HTTP/1.0 closing, and the server's lifecycle. */
class ApiServerConnectionTest {

    @TempDir
    Path dir;

    /** A client socket whose reads fail after 10 s instead of hanging the test. */
    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads one response: status line, headers, and a Content-Length body. */
    private static List<String> readResponse(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(line);
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw new IOException("body ended after " + read + " of " + length + " chars");
            }
            read += n;
        }
        lines.add(new String(body));
        return lines;
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws IOException {
        try (TestApi api = new TestApi(dir, null, 1024);
             Socket socket = connect(api.server.url().getPort())) {
            String host = "Host: 127.0.0.1\r\n";
            String requests = "GET /api/v1/jobs/first-1 HTTP/1.1\r\n" + host + "\r\n"
                    + "POST /api/v1/jobs/second-2/actions/scale HTTP/1.1\r\n" + host
                    + "Content-Length: 24\r\n\r\n{\"stage\":1,\"workers\":3}"
                    + "GET /api/v1/nothing HTTP/1.1\r\n" + host + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> first = readResponse(in);
            List<String> second = readResponse(in);
            List<String> third = readResponse(in);
            assertEquals("HTTP/1.1 200 OK", first.get(0));
            assertTrue(first.get(first.size() - 1).contains("\"id\":\"first-1\""), first.toString());
            assertEquals("HTTP/1.1 200 OK", second.get(0));
            assertTrue(second.get(second.size() - 1).contains("\"id\":\"second-2\""), second.toString());
            assertEquals("HTTP/1.1 404 Not Found", third.get(0));
        }
    }

    @Test
    void aBlockedOperationDoesNotStallOtherConnections() throws IOException {
        try (TestApi api = new TestApi(dir, null, 1024)) {
            java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
            api.operations.statusGate = gate;
            int port = api.server.url().getPort();
            try (Socket blocked = connect(port)) {
                blocked.getOutputStream().write("GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                // More connections than event loops: one of them shares the blocked request's loop.
                for (int i = 0; i < 3; i++) {
                    try (Socket other = connect(port)) {
                        other.getOutputStream().write("GET /api/v1/jobs/j-1 HTTP/1.1\r\nHost: x\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        List<String> response = readResponse(new BufferedReader(
                                new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8)));
                        assertEquals("HTTP/1.1 200 OK", response.get(0));
                    }
                }
                gate.countDown();
                List<String> late = readResponse(new BufferedReader(
                        new InputStreamReader(blocked.getInputStream(), StandardCharsets.UTF_8)));
                assertEquals("HTTP/1.1 200 OK", late.get(0));
            } finally {
                gate.countDown(); // lets the server stop even when an assertion failed
            }
        }
    }

    @Test
    void expectContinueGetsAGoAheadOrAnEarlyRefusal() throws IOException {
        try (TestApi api = new TestApi(dir, null, 1024)) {
            try (Socket socket = connect(api.server.url().getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/artifacts?name=a.jar HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                        + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("HTTP/1.1 100 Continue", readResponse(in).get(0));
                out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
                List<String> created = readResponse(in);
                assertEquals("HTTP/1.1 201 Created", created.get(0), created.toString());
            }
            try (Socket socket = connect(api.server.url().getPort())) {
                socket.getOutputStream().write(("POST /api/v1/artifacts?name=a.jar HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                List<String> refused = readResponse(in);
                assertEquals("HTTP/1.1 413 Request Entity Too Large", refused.get(0), refused.toString());
                assertTrue(refused.get(refused.size() - 1).contains("limit of 1024 bytes"), refused.toString());
                assertEquals(-1, in.read(), "the connection closes: the body is never read");
            }
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheReply() throws IOException {
        try (TestApi api = new TestApi(dir, null, 1024);
             Socket socket = connect(api.server.url().getPort())) {
            socket.getOutputStream().write("GET /api/v1/status HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> response = readResponse(in);
            assertTrue(response.get(0).endsWith("200 OK"), response.toString());
            assertEquals(-1, in.read(), "the server closes the connection");
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() {
        TestApi api = new TestApi(dir, null, 1024);
        int port = api.server.url().getPort();
        assertTrue(port > 0);
        assertEquals("http://127.0.0.1:" + port, api.server.url().toString());
        api.close();
        api.close();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void aPortInUseIsAClearError() {
        try (TestApi first = new TestApi(dir, null, 1024)) {
            int port = first.server.url().getPort();
            var error = assertThrows(java.io.UncheckedIOException.class, () -> new ApiServer(
                    ApiServerConfig.of("127.0.0.1", port, null, 1024, dir), first.operations));
            assertTrue(error.getMessage().contains("127.0.0.1:" + port), error.getMessage());
        }
    }
}
