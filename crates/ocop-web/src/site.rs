//! The service the server runs for each connection: a stamp scan (`GET /v/{code}`) is
//! answered straight by the resolver, everything else by the site's router.
//!
//! A scan is the public hot path, and it sits outside the site's middleware already; going
//! through the router too cost it the route lookup, the path parameters' allocations, the
//! boxed route and handler, and the client's address put into the request's extensions (a
//! map allocated for each request). The same function answers it on both ways: the router
//! still has the route (for tests that call the router, and for `HEAD`).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::{ConnectInfo, FromRef, Request};
use axum::response::Response;
use axum::serve::{IncomingStream, Listener};
use tower::Service;

use crate::AppState;
use crate::routes::resolver::{self, ResolverState};

/// Makes a [`Site`] for each connection, knowing its client's address.
#[derive(Clone)]
pub struct MakeSite {
    router: Router,
    hot: ResolverState,
}

impl MakeSite {
    pub fn new(state: AppState) -> MakeSite {
        MakeSite {
            hot: ResolverState::from_ref(&state),
            router: crate::routes::router(state),
        }
    }
}

impl<L: Listener<Addr = SocketAddr>> Service<IncomingStream<'_, L>> for MakeSite {
    type Response = Site;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Site, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, stream: IncomingStream<'_, L>) -> Self::Future {
        std::future::ready(Ok(Site {
            router: self.router.clone(),
            hot: self.hot.clone(),
            peer: *stream.remote_addr(),
        }))
    }
}

/// One connection's service.
#[derive(Clone)]
pub struct Site {
    router: Router,
    hot: ResolverState,
    peer: SocketAddr,
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl Service<Request> for Site {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request) -> Answer {
        if resolver::is_scan(&request) {
            let (hot, peer) = (self.hot.clone(), self.peer.ip());
            let (parts, _) = request.into_parts();
            return Box::pin(async move { Ok(resolver::scan(&hot, &parts, peer).await) });
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        Box::pin(self.router.call(request))
    }
}
