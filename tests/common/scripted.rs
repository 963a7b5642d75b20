//! A provider double with no API of its own: every request, on any path, gets the next
//! scripted reply. The hostile-response table uses it to put the same malformed bytes in front
//! of every adapter.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::task::JoinHandle;
use url::Url;

/// One scripted reply.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, &'static str)>,
    /// Sleep this long before answering (to provoke client timeouts).
    pub delay: Duration,
}

impl Scripted {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct State {
    replies: VecDeque<Scripted>,
    /// Requests received: path and query, then the body as text.
    received: Vec<(String, String)>,
}

pub struct ScriptedServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl ScriptedServer {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let app = Router::new().fallback(move |uri: axum::http::Uri, body: Bytes| {
            let shared = Arc::clone(&shared);
            async move { answer(&shared, uri.to_string(), body).await }
        });
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("scripted server");
        });
        Self { address, state, task }
    }

    /// The base address; adapters append their own paths.
    pub fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.address)).expect("url")
    }

    /// Queues replies, answered in order; a request with none queued gets a 599.
    pub fn push(&self, reply: Scripted) {
        self.state.lock().unwrap().replies.push_back(reply);
    }

    pub fn received(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().received.clone()
    }

    pub fn shutdown(self) {
        self.task.abort();
    }
}

async fn answer(state: &Mutex<State>, target: String, body: Bytes) -> Response {
    let reply = {
        let mut state = state.lock().unwrap();
        state
            .received
            .push((target, String::from_utf8_lossy(&body).into_owned()));
        state.replies.pop_front()
    };
    let Some(reply) = reply else {
        return (StatusCode::from_u16(599).unwrap(), "no scripted reply").into_response();
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = (StatusCode::from_u16(reply.status).expect("status"), reply.body).into_response();
    for (name, value) in reply.headers {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    response
}
