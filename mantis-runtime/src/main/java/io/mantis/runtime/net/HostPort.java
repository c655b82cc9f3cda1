package io.mantis.runtime.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parses and prints a worker's address, {@code host:port} or {@code [ipv6]:port}, without DNS.
 *
 * <p>Contract of {@link #parse}: IP literals become resolved addresses; host names stay unresolved, for the
 * connector to resolve when it connects (so a name is looked up again on every reconnect, and parsing never
 * blocks). Rejected, with an {@link IllegalArgumentException} naming the text and what is wrong with it:
 * an empty text, a missing host or port, a port outside 1..65535 (so not 0), more than one {@code ':'}
 * outside brackets, anything but an IPv6 address in brackets, an all-numeric host that is not a valid IPv4
 * address (e.g. {@code 999.1.1.1}), and a host that is not a valid host name.
 *
 * <p>{@link #format} writes what {@link #parse} reads. Stateless and thread-safe.
 */
public final class HostPort {

    /** RFC 1123 labels, dot-separated; underscores tolerated because real-world service names use them. */
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
                    + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");

    private HostPort() {
    }

    /**
     * @param text  the address as given; {@code null} counts as empty
     * @param label where it came from, to start messages with, e.g. {@code upstreams[1]}
     * @throws IllegalArgumentException naming {@code label}, {@code text} and what is wrong with it
     */
    public static InetSocketAddress parse(String text, String label) {
        Objects.requireNonNull(label, "label is null");
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(label + " is empty; expected host:port");
        }
        String where = label + " '" + text + "'";
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(where
                        + " has '[' without ']'; expected [ipv6]:port, e.g. [::1]:7001");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(where + " has no port; expected [ipv6]:port, e.g. [::1]:7001");
            }
            if (rest.charAt(0) != ':') {
                throw new IllegalArgumentException(where + " has '" + rest + "' after ']'; expected [ipv6]:port");
            }
            portText = rest.substring(1);
            if (!NetUtil.isValidIpV6Address(host)) {
                throw new IllegalArgumentException(where + " has '" + host
                        + "' in brackets, which is not an IPv6 address; only IPv6 addresses go in brackets");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + " has no port; expected host:port");
            }
            if (text.indexOf(':') != colon) {
                throw new IllegalArgumentException(where
                        + " has more than one ':'; write an IPv6 address in brackets, e.g. [::1]:7001");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + " has no host; expected host:port");
        }
        int port = port(portText, where);
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip != null) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("NetUtil returned " + ip.length + " address bytes for " + host, e);
            }
        }
        if (LOOKS_NUMERIC.matcher(host).matches()) {
            // Would pass as a host name, but nobody means "999.1.1.1" as one.
            throw new IllegalArgumentException(where + " has host '" + host + "', which is not a valid IPv4 address");
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException(where + " has host '" + host
                    + "', which is neither an IP address nor a valid host name");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * {@link #parse} of every entry of {@code texts}, in order; the first bad entry fails the whole list.
     *
     * @param name what the list is called; an entry's messages start with {@code name[index]}
     * @throws IllegalArgumentException naming the entry, its text and what is wrong with it
     */
    public static List<InetSocketAddress> parseAll(List<String> texts, String name) {
        List<InetSocketAddress> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(parse(texts.get(i), name + "[" + i + "]"));
        }
        return out;
    }

    /** {@code host:port}, or {@code [host]:port} when {@code host} is an IPv6 literal (it has a {@code ':'}). */
    public static String format(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static int port(String text, String where) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(where + " has no port; expected host:port");
        }
        // Digits only, at most five: Integer.parseInt would also take "+80" and "٨٠".
        int port = 0;
        boolean digits = text.length() <= 5;
        for (int i = 0; digits && i < text.length(); i++) {
            char c = text.charAt(i);
            digits = c >= '0' && c <= '9';
            port = port * 10 + (c - '0');
        }
        if (!digits || port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + " has port '" + text + "'; expected a number from 1 to 65535");
        }
        return port;
    }
}
