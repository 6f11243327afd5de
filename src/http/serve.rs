//! Accepting connections with time limits, so a slow or silent client cannot hold the server's
//! connections and memory: headers must arrive within a few seconds, an idle keep-alive
//! connection is closed, and (in the router) a request body must keep arriving.

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::Service;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How long the server waits on a client.
#[derive(Debug, Clone, Copy)]
pub struct TimeLimits {
    /// For a request's headers to arrive whole, counted from the connection's start or the
    /// end of the previous response (so it also closes idle keep-alive connections).
    pub headers: Duration,
    /// Between two pieces of a request body: a body that stops arriving ends the request.
    pub body: Duration,
    /// For HTTP/2 keep-alive pings to be answered; a connection that stops answering is closed.
    pub ping: Duration,
    /// For open connections to finish after a shutdown begins.
    pub shutdown: Duration,
}

impl Default for TimeLimits {
    fn default() -> Self {
        TimeLimits {
            headers: Duration::from_secs(10),
            body: Duration::from_secs(30),
            ping: Duration::from_secs(20),
            shutdown: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(listener: TcpListener, app: Router, limits: TimeLimits, shutdown: impl Future<Output = ()>) {
    let app = app.layer(RequestBodyTimeoutLayer::new(limits.body));
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.headers);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(limits.ping).keep_alive_timeout(limits.ping);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(service) = make_service.call(peer).await;
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection closed with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still open when the shutdown time ran out");
    }
}
