package org.paperbot.telegram;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.meta.TelegramUrl;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** HTTP clients and the API address for TelegramBots. */
public final class TelegramHttp {
    private TelegramHttp() {
    }

    /**
     * Sockets with Nagle's algorithm off. Okio writes a request body larger than one 8 KB segment in several
     * writes; with Nagle on, the tail waits for the server's delayed ACK (40 ms on Linux). Inline answers carrying
     * full cards are that large.
     */
    static final SocketFactory NO_DELAY = new SocketFactory() {
        private final SocketFactory plain = SocketFactory.getDefault();

        private Socket tune(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return tune(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tune(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return tune(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tune(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return tune(plain.createSocket(address, port, localAddress, localPort));
        }
    };

    public static TelegramUrl telegramUrl(URI apiUrl) {
        String scheme = apiUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = apiUrl.getPort() != -1 ? apiUrl.getPort() : scheme.equals("https") ? 443 : 80;
        return new TelegramUrl(scheme, apiUrl.getHost(), port, false);
    }

    /** For sending: many parallel calls (replies to different chats, broadcasts), short timeouts. */
    public static OkHttpClient sendingClient(int maxParallel) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxParallel);
        dispatcher.setMaxRequestsPerHost(maxParallel);
        return new OkHttpClient.Builder()
                .socketFactory(NO_DELAY)
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.max(5, maxParallel), 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** For getUpdates: the read timeout must outlast the long-poll timeout, yet catch a stalled server. */
    public static OkHttpClient pollingClient(int pollTimeoutSeconds, okhttp3.Interceptor observer) {
        return new OkHttpClient.Builder()
                .socketFactory(NO_DELAY)
                .addInterceptor(observer)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(pollTimeoutSeconds + 10L))
                .writeTimeout(Duration.ofSeconds(10))
                .build();
    }
}
