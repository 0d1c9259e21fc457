//! The server itself (`ocop_web::serve_until`): how it stops.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::spawn_app;

/// Starts a second server on the app's state, stopped when the returned sender is used.
async fn stoppable(
    state: ocop_web::AppState,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(ocop_web::serve_until(listener, state, async {
        let _ = stopped.await;
    }));
    (address, stop, server)
}

/// Sends `request` on `stream` and reads until the server closes the connection.
async fn exchange(stream: &mut TcpStream, request: &[u8]) -> String {
    stream.write_all(request).await.expect("send");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .expect("read");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_stopped_server_lets_idle_connections_go_and_accepts_no_more() {
    let app = spawn_app().await;
    let (address, stop, server) = stoppable(app.state.clone()).await;
    // A kept-alive connection, idle after its answer: it must not hold the stop.
    let client = reqwest::Client::new();
    let page = client
        .get(format!("http://{address}/catalog"))
        .send()
        .await
        .expect("catalog");
    assert_eq!(page.status(), 200);
    let mut idle = TcpStream::connect(address).await.expect("connect");
    stop.send(()).expect("server running");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server returns at once, not after the stop's grace")
        .expect("server task")
        .expect("served");
    // The idle connection was closed, and nothing listens any more.
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut rest)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "idle connection left open"
    );
    assert!(TcpStream::connect(address).await.is_err());
}

#[tokio::test]
async fn a_client_that_never_finishes_its_head_is_cut_off() {
    let app = spawn_app().await;
    let mut state = app.state.clone();
    state.config = std::sync::Arc::new(ocop_web::WebConfig {
        header_read_timeout: Duration::from_millis(300),
        ..(*state.config).clone()
    });
    let (address, _stop, _server) = stoppable(state).await;
    // Slowloris: half a head, and the rest never comes.
    let mut slow = TcpStream::connect(address).await.expect("connect");
    slow.write_all(b"GET /catalog HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .expect("half a head");
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(
        matches!(read, Ok(Ok(_)) | Ok(Err(_))),
        "a half-sent head held its connection"
    );
    // A whole request is still answered.
    let mut whole = TcpStream::connect(address).await.expect("connect");
    let answer = exchange(
        &mut whole,
        b"GET /catalog HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
}

#[tokio::test]
async fn a_request_whose_head_is_under_way_at_the_stop_is_answered_then_closed() {
    let app = spawn_app().await;
    let (address, stop, server) = stoppable(app.state.clone()).await;
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream
        .write_all(b"GET /catalog HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .expect("half a head");
    // The server has read the first half before it is told to stop, and has taken the stop
    // in before the rest comes (generous waits: the suite runs on busy machines).
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.send(()).expect("server running");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let answer = exchange(&mut stream, b"\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer:.200}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "the answer tells the client the connection ends: {answer:.400}"
    );
    server.await.expect("server task").expect("served");
}

#[tokio::test]
async fn scans_and_pages_are_answered_on_one_kept_alive_connection() {
    let app = spawn_app().await;
    let (address, _stop, _server) = stoppable(app.state.clone()).await;
    let mut stream = TcpStream::connect(address).await.expect("connect");
    // A scan (answered before the router), a page (through the router, told the client's
    // address), an unknown code, then the client closes.
    let answer = exchange(
        &mut stream,
        b"GET /v/NOT-A-CODE HTTP/1.1\r\nHost: localhost\r\n\r\n\
          GET /catalog HTTP/1.1\r\nHost: localhost\r\n\r\n\
          GET /V/0000000000.0000000000 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    let statuses: Vec<&str> = answer
        .match_indices("HTTP/1.1 ")
        .map(|(at, _)| &answer[at + 9..at + 12])
        .collect();
    assert_eq!(statuses, ["404", "200", "404"], "{answer:.300}");
}
