//! The server: accepts connections and answers each request on HTTP/1.1. A stamp scan
//! (`GET /v/{code}`) is answered straight by the resolver, everything else by the site's
//! router.
//!
//! A scan is the public hot path, and it sits outside the site's middleware already; going
//! through the router too cost it the route lookup, the path parameters' allocations, the
//! boxed route and handler, and the client's address put into the request's extensions (a
//! map allocated for each request). The same function answers it on both ways: the router
//! still has the route (for tests that call the router, and for `HEAD`).
//!
//! The connections are hyper's own, as the benches' floor serves them, rather than
//! `axum::serve`'s: that one first reads each connection to tell HTTP/2 from HTTP/1, wraps
//! the socket for it, boxes every request's body and clones the service for every request.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, FromRef};
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::AppState;
use crate::routes::resolver::{self, ResolverState};

/// How long a stopping server waits for the requests under way before it closes their
/// connections.
const STOP_GRACE: Duration = Duration::from_secs(10);
/// How long accepting pauses after an error that is not one connection's (out of file
/// descriptors, say), rather than spinning on it.
const ACCEPT_PAUSE: Duration = Duration::from_secs(1);

/// What every connection answers with.
struct Site {
    router: Router,
    hot: ResolverState,
}

/// Serves `state` on `listener` until `stop` completes; then accepts no more connections and
/// waits up to [`STOP_GRACE`] for the requests under way.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(state.config.header_read_timeout);
    let site = Arc::new(Site {
        hot: ResolverState::from_ref(&state),
        router: crate::routes::router(state),
    });
    let connections = GracefulShutdown::new();
    let mut stop = pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    if !is_one_connections(&error) {
                        tracing::error!(%error, "accepting a connection");
                        tokio::time::sleep(ACCEPT_PAUSE).await;
                    }
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = Connection {
            site: site.clone(),
            peer,
        };
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(STOP_GRACE, connections.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still under way at stop were cut off");
    }
    Ok(())
}

/// An accept error that concerns the one connection (the client gave up), not the listener.
fn is_one_connections(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// One connection's service: the site and the client's address.
struct Connection {
    site: Arc<Site>,
    peer: SocketAddr,
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl hyper::service::Service<hyper::Request<Incoming>> for Connection {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn call(&self, mut request: hyper::Request<Incoming>) -> Answer {
        let site = self.site.clone();
        if resolver::is_scan(&request) {
            let peer = self.peer.ip();
            let (parts, _) = request.into_parts();
            return Box::pin(async move { Ok(resolver::scan(&site.hot, &parts, peer).await) });
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        Box::pin(site.router.clone().oneshot(request))
    }
}
