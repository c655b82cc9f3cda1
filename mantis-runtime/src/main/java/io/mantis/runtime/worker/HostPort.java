package io.mantis.runtime.worker;

import java.net.InetSocketAddress;

/** Parses and prints {@code host:port}, with IPv6 literals in brackets ({@code [::1]:7001}). */
public final class HostPort {

    private HostPort() {
    }

    /** @throws IllegalArgumentException naming the text and what is missing */
    public static InetSocketAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address; expected host:port");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || (text.indexOf(':') != colon && !text.startsWith("["))) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (IPv6 hosts go in brackets)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' has port " + port + " outside 1..65535");
        }
        return new InetSocketAddress(host, port);
    }

    public static String format(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
