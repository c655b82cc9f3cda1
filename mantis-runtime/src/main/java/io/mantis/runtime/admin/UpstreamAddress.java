package io.mantis.runtime.admin;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses one upstream worker's address, {@code host:port} or {@code [ipv6]:port}, without DNS: IP literals
 * become resolved addresses, host names stay unresolved for the connector to resolve when it connects.
 */
final class UpstreamAddress {

    /** RFC 1123 labels, dot-separated; underscores tolerated because real-world service names use them. */
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
                    + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");

    private UpstreamAddress() {
    }

    /**
     * @param text  the address as sent
     * @param label where it came from, for messages, e.g. {@code upstreams[1]}
     * @throws BadRequestException naming {@code label}, {@code text} and what is wrong with it
     */
    static InetSocketAddress parse(String text, String label) throws BadRequestException {
        String where = label + " '" + text + "'";
        if (text.isEmpty()) {
            throw new BadRequestException(label + " is empty; expected host:port");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new BadRequestException(where + " has '[' without ']'; expected [ipv6]:port, e.g. [::1]:7001");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                throw new BadRequestException(where + " has no port; expected [ipv6]:port, e.g. [::1]:7001");
            }
            if (rest.charAt(0) != ':') {
                throw new BadRequestException(where + " has '" + rest + "' after ']'; expected [ipv6]:port");
            }
            portText = rest.substring(1);
            if (!NetUtil.isValidIpV6Address(host)) {
                throw new BadRequestException(where + " has '" + host
                        + "' in brackets, which is not an IPv6 address; only IPv6 addresses go in brackets");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new BadRequestException(where + " has no port; expected host:port");
            }
            if (text.indexOf(':') != colon) {
                throw new BadRequestException(where
                        + " has more than one ':'; write an IPv6 address in brackets, e.g. [::1]:7001");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new BadRequestException(where + " has no host; expected host:port");
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
            throw new BadRequestException(where + " has host '" + host + "', which is not a valid IPv4 address");
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new BadRequestException(where + " has host '" + host
                    + "', which is neither an IP address nor a valid host name");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int port(String text, String where) throws BadRequestException {
        if (text.isEmpty()) {
            throw new BadRequestException(where + " has no port; expected host:port");
        }
        int port = 0;
        boolean digits = text.length() <= 5;
        for (int i = 0; digits && i < text.length(); i++) {
            char c = text.charAt(i);
            digits = c >= '0' && c <= '9';
            port = port * 10 + (c - '0');
        }
        if (!digits || port < 1 || port > 65535) {
            throw new BadRequestException(where + " has port '" + text + "'; expected a number from 1 to 65535");
        }
        return port;
    }
}
