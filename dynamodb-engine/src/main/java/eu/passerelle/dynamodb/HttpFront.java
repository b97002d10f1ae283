package eu.passerelle.dynamodb;

import jdk.net.ExtendedSocketOptions;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server for the JSON protocol: one thread per kept-alive connection, requests
 * with a Content-Length (or chunked) body, one write per response.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it hides the socket, and the socket is where
 * the latency is. The AWS SDK's HTTP clients write a request's headers and its body separately;
 * with Nagle's algorithm on the client the body waits for the server to acknowledge the headers,
 * which Linux delays (delayed ACK): measured here, ≈ 2 ms added to every call. Setting
 * {@code TCP_QUICKACK} before each read makes the kernel acknowledge at once (0.3 ms per call).
 */
final class HttpFront implements AutoCloseable {

    /** What the engine answers. */
    record Response(int status, String contentType, byte[] body) {
    }

    /** Handles one request; {@code target} is the X-Amz-Target header (null when absent). */
    interface Handler {
        Response handle(String method, String target, String authorization, byte[] body);
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    private static final int IDLE_MILLIS = 10 * 60 * 1000;

    private final ServerSocket server;
    private final Handler handler;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private final boolean quickAck;
    private volatile boolean closed;

    HttpFront(String host, int port, Handler handler) {
        this.handler = handler;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean supported;
        try (Socket probe = new Socket()) {
            supported = probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException e) {
            supported = false;
        }
        quickAck = supported;
        Thread acceptor = new Thread(this::accept, "dynamodb-engine-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread thread = new Thread(() -> serve(socket), "dynamodb-engine-" + threads.incrementAndGet());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                if (quickAck) {
                    socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                }
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue; // a stray CRLF between requests
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    respond(out, new Response(400, "text/plain", "Bad request line".getBytes(StandardCharsets.US_ASCII)), true);
                    return;
                }
                String method = parts[0];
                boolean keepAlive = parts[2].equals("HTTP/1.1");
                long length = 0;
                boolean chunked = false;
                String target = null;
                String authorization = null;
                boolean expectContinue = false;
                int headerBytes = 0;
                for (String header; !(header = line(in)).isEmpty(); ) {
                    headerBytes += header.length();
                    if (headerBytes > MAX_HEADER_BYTES) {
                        respond(out, new Response(431, "text/plain", new byte[0]), true);
                        return;
                    }
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "x-amz-target" -> target = value;
                        case "authorization" -> authorization = value;
                        case "connection" -> keepAlive = value.equalsIgnoreCase("keep-alive")
                                || (keepAlive && !value.equalsIgnoreCase("close"));
                        case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
                        default -> {
                        }
                    }
                }
                if (length < 0 || length > MAX_BODY_BYTES) {
                    respond(out, new Response(413, "text/plain", new byte[0]), true);
                    return;
                }
                if (expectContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = chunked ? chunkedBody(in) : in.readNBytes((int) length);
                if (body.length < length) {
                    return; // the client went away mid-body
                }
                respond(out, handler.handle(method, target, authorization, body), !keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the connection broke or the request was malformed: drop it
        } finally {
            connections.remove(socket);
        }
    }

    private static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("truncated chunk");
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            if (body.size() + n > MAX_BODY_BYTES) {
                throw new IOException("body too large");
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    /** A CRLF-terminated line in ISO-8859-1, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("line too long");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static final AtomicInteger REQUESTS = new AtomicInteger();

    /** Headers and body in one write: one segment for the client to read. */
    private static void respond(OutputStream out, Response response, boolean close) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(response.body());
        String head = "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n"
                + "Content-Type: " + response.contentType() + "\r\n"
                + "Content-Length: " + response.body().length + "\r\n"
                + "x-amz-crc32: " + crc.getValue() + "\r\n"
                + "x-amzn-RequestId: " + REQUESTS.incrementAndGet() + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + response.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(response.body(), 0, all, headBytes.length, response.body().length);
        out.write(all);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            default -> "Internal Server Error";
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
