package io.mantis.master.api;

import io.mantis.master.artifacts.InvalidArtifactException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: routes each request on its head, refuses early what can be refused without the body
 * (404, 405, 401, 400 from a route's check, 413 from {@code Content-Length}), receives the body into a
 * {@link BodySink}, then runs the route's handler on the executor and writes its reply.
 *
 * <p>Replies leave in request order even when a client pipelines: each connection chains its requests on one
 * future. A refused body is read and dropped rather than left on the wire, so the client sees the reply instead of
 * a reset; the connection then closes. A client that sent {@code Expect: 100-continue} gets the refusal at once.
 *
 * <p>Threading: the channel methods run on the connection's event loop; handlers run on the executor.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

    /** How the server is set up; shared by all connections. */
    record Settings(Router<Endpoint> router, BearerToken token, Executor executor, long maxJsonBytes,
                    long maxArtifactBytes, Path spoolDir) {
    }

    private final Settings settings;

    // The request being received; event loop only.
    private Request head;
    private Endpoint endpoint;
    private BodySink sink;
    private Reply refusal;
    private boolean keepAlive;

    private CompletableFuture<Void> replies = CompletableFuture.completedFuture(null);

    HttpDispatcher(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                begin(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                receive(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sink != null) {
            sink.discard();
            sink = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Mostly a client that went away mid-request; nothing to answer.
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest request) {
        keepAlive = HttpUtil.isKeepAlive(request);
        refusal = null;
        if (request.decoderResult().isFailure()) {
            keepAlive = false;
            refusal = Reply.error(400, "bad_request", "malformed HTTP request: " + request.decoderResult().cause());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        head = new Request(request.method(), uri.rawPath(), Map.of(), uri.parameters(), request.headers(), null, null);
        Reply early = admit(request);
        if (early != null) {
            refuse(ctx, request, early);
        } else if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    /** Routes the request and prepares for its body; returns the refusal instead when it cannot go on. */
    private Reply admit(HttpRequest request) {
        Router.Match<Endpoint> match = settings.router().match(request.method(), head.path());
        if (match instanceof Router.WrongMethod<Endpoint> wrong) {
            String allow = String.join(", ", wrong.allowed());
            return Reply.error(405, "method_not_allowed", request.method() + " is not allowed on " + head.path()
                    + ": use " + allow).withHeader("Allow", allow);
        }
        if (!(match instanceof Router.Found<Endpoint> found)) {
            return Reply.error(ApiException.notFound("no such endpoint: " + request.method() + " " + head.path()
                    + " (the REST API is under /api/v1, see docs/control-plane.md)"));
        }
        head = new Request(head.method(), head.path(), found.variables(), head.query(), head.headers(), null, null);
        endpoint = found.target();
        if (settings.token() != null && mutates(request.method())
                && !settings.token().permits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            return Reply.error(ApiException.unauthorized(BearerToken.REQUIRED)).withHeader("WWW-Authenticate", "Bearer");
        }
        boolean stream = endpoint.body() == Endpoint.Body.STREAM;
        long limit = stream ? settings.maxArtifactBytes() : settings.maxJsonBytes();
        try {
            if (HttpUtil.getContentLength(request, -1L) > limit) {
                throw BodySink.tooLarge(stream ? "the JAR" : "the request body", limit);
            }
            if (endpoint.check() != null) {
                endpoint.check().check(head);
            }
            sink = stream ? new BodySink.Spool(settings.spoolDir(), limit) : new BodySink.Memory(limit);
            return null;
        } catch (ApiException e) {
            return Reply.error(e);
        } catch (UncheckedIOException e) {
            log.error("cannot receive {} {}", request.method(), head.path(), e);
            return Reply.error(500, "internal", e.getMessage());
        }
    }

    private static boolean mutates(HttpMethod method) {
        return !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method) && !HttpMethod.OPTIONS.equals(method);
    }

    /** Answers without running a handler; a body that follows is read and dropped, then the connection closes. */
    private void refuse(ChannelHandlerContext ctx, HttpRequest request, Reply reply) {
        sink = null;
        boolean bodyFollows = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
        if (bodyFollows) {
            keepAlive = false;
            if (HttpUtil.is100ContinueExpected(request)) {
                // The client waits for our word before it sends the body: refuse now; the body never comes.
                enqueue(ctx, () -> reply, null);
                head = null;
                return;
            }
        }
        refusal = reply;
    }

    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        if (head == null && refusal == null) {
            return; // the rest of a request refused at once
        }
        if (sink != null) {
            try {
                sink.append(content.content());
            } catch (ApiException e) {
                sink = null;
                keepAlive = false;
                refusal = Reply.error(e);
            } catch (UncheckedIOException e) {
                log.error("cannot receive the body of {} {}", head.method(), head.path(), e);
                sink = null;
                keepAlive = false;
                refusal = Reply.error(500, "internal", e.getMessage());
            }
        }
        if (!(content instanceof LastHttpContent)) {
            return;
        }
        if (refusal != null) {
            Reply reply = refusal;
            enqueue(ctx, () -> reply, null);
        } else {
            Request full;
            try {
                full = sink.complete(head);
            } catch (UncheckedIOException e) {
                log.error("cannot receive the body of {} {}", head.method(), head.path(), e);
                full = null;
                Reply reply = Reply.error(500, "internal", e.getMessage());
                enqueue(ctx, () -> reply, null);
            }
            if (full != null) {
                Request call = full;
                Endpoint target = endpoint;
                enqueue(ctx, () -> invoke(target, call), call.bodyFile());
            }
        }
        head = null;
        endpoint = null;
        sink = null;
        refusal = null;
    }

    /**
     * Runs {@code work} on the executor after the connection's earlier replies, and writes its reply.
     *
     * @param spooled a body file to delete once the handler is done with it, or null
     */
    private void enqueue(ChannelHandlerContext ctx, Supplier<Reply> work, Path spooled) {
        boolean keep = keepAlive;
        try {
            replies = replies.handle((ignored, failure) -> null).thenComposeAsync(ignored -> {
                Reply reply;
                try {
                    reply = work.get();
                } finally {
                    delete(spooled);
                }
                ChannelFuture written = ReplyWriter.write(ctx.channel(), reply, keep);
                CompletableFuture<Void> done = new CompletableFuture<>();
                written.addListener(f -> done.complete(null));
                return done;
            }, settings.executor()).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.error("request on {} failed without a reply; closing it", ctx.channel(), failure);
                    ctx.close();
                }
            });
        } catch (RejectedExecutionException closing) {
            delete(spooled);
            ctx.close();
        }
    }

    private Reply invoke(Endpoint target, Request request) {
        try {
            return target.handler().handle(request);
        } catch (ApiException e) {
            return Reply.error(e);
        } catch (InvalidArtifactException e) {
            return Reply.error(400, "bad_request", e.getMessage());
        } catch (Exception e) {
            log.error("{} {} failed", request.method(), request.path(), e);
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            return Reply.error(500, "internal", message);
        }
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete upload file {}: {}", file, e.toString());
        }
    }
}
