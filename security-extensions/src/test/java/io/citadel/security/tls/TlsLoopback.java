package io.citadel.security.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * A loopback TLS listener for tests: accepts one connection per {@link #serveOnce}, handshakes
 * with an engine from the given factory, reads "ping", answers "pong". Outcomes are returned as
 * values (peer certificate or failure), never thrown on the server thread.
 */
final class TlsLoopback implements AutoCloseable {

    /** What one side saw: the peer's leaf and the session, or the failure. */
    record Outcome(X509Certificate peer, SSLSession session, Throwable failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    TlsLoopback() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
    }

    int port() {
        return server.getLocalPort();
    }

    Future<Outcome> serveOnce(Supplier<SSLEngine> engines) {
        return executor.submit(() -> {
            try (Socket socket = server.accept()) {
                return exchange(new EngineChannel(socket, engines.get()), false);
            }
        });
    }

    /** Connects with a client engine and exchanges one message. */
    Outcome connect(SSLEngine client) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            return exchange(new EngineChannel(socket, client), true);
        }
    }

    static Outcome exchange(EngineChannel channel, boolean client) {
        try {
            channel.handshake();
            if (client) {
                channel.send("ping");
                String reply = channel.receive();
                if (!reply.equals("pong")) {
                    throw new IllegalStateException("unexpected reply " + reply);
                }
            } else {
                String request = channel.receive();
                if (!request.equals("ping")) {
                    throw new IllegalStateException("unexpected request " + request);
                }
                channel.send("pong");
            }
            SSLSession session = channel.engine().getSession();
            return new Outcome((X509Certificate) session.getPeerCertificates()[0], session, null);
        } catch (Exception e) {
            return new Outcome(null, null, e);
        } finally {
            channel.close();
        }
    }

    static Outcome await(Future<Outcome> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        executor.shutdownNow();
        server.close();
    }
}
