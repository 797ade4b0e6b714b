package io.citadel.security.tls;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives an {@link SSLEngine} over a blocking loopback socket, the way Pekko's TLS stage drives it
 * over a TCP stream: handshake, then one text message each way. Socket reads time out, so a broken
 * handshake fails the test instead of hanging it. Owned by one test thread.
 */
final class EngineChannel {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Socket socket;
    private final SSLEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;

    EngineChannel(Socket socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet * 2);
        this.netOut = ByteBuffer.allocate(packet * 2);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
    }

    void handshake() throws IOException {
        try {
            doHandshake();
        } catch (SSLException e) {
            flushAlert();
            throw e;
        }
    }

    /** As JSSE asks after a failure: let the engine emit its alert so the peer learns why. */
    private void flushAlert() {
        try {
            engine.closeOutbound();
            netOut.clear();
            engine.wrap(EMPTY, netOut);
            netOut.flip();
            out.write(netOut.array(), 0, netOut.limit());
            out.flush();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the connection is failing anyway
        }
    }

    private void doHandshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus hs = engine.getHandshakeStatus();
        while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
            hs = switch (hs) {
                case NEED_WRAP -> wrap(EMPTY).getHandshakeStatus();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap().getHandshakeStatus();
                case NEED_TASK -> runTasks();
                default -> throw new IllegalStateException("unexpected handshake status " + hs);
            };
        }
    }

    void send(String text) throws IOException {
        wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    String receive() throws IOException {
        try {
            return doReceive();
        } catch (SSLException e) {
            flushAlert();
            throw e;
        }
    }

    private String doReceive() throws IOException {
        while (appIn.position() == 0) {
            HandshakeStatus hs = unwrap().getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
            }
        }
        appIn.flip();
        String text = StandardCharsets.UTF_8.decode(appIn).toString();
        appIn.clear();
        return text;
    }

    SSLEngine engine() {
        return engine;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket: nothing to report
        }
    }

    private HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    private SSLEngineResult wrap(ByteBuffer app) throws IOException {
        netOut.clear();
        SSLEngineResult result = engine.wrap(app, netOut);
        netOut.flip();
        out.write(netOut.array(), 0, netOut.limit());
        out.flush();
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            throw new SSLException("engine closed during handshake");
        }
        return result;
    }

    private SSLEngineResult unwrap() throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            netIn.compact();
            switch (result.getStatus()) {
                case OK:
                    return result;
                case CLOSED:
                    throw new SSLException("peer closed the TLS connection");
                case BUFFER_UNDERFLOW:
                    readMore();
                    break;
                default:
                    throw new IllegalStateException("unexpected unwrap status " + result.getStatus());
            }
        }
    }

    private void readMore() throws IOException {
        byte[] chunk = new byte[netIn.remaining()];
        int n = in.read(chunk);
        if (n < 0) {
            engine.closeInbound(); // reports a truncated handshake like Pekko does when the TCP stream ends
            throw new EOFException("peer closed the TCP connection");
        }
        netIn.put(chunk, 0, n);
    }
}
