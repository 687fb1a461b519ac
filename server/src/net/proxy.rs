//! The forward proxy Chromium is launched with (`--proxy-server`), so that the browser obeys the
//! [`Guard`] for its navigations and for every sub-request of the pages it loads (scripts,
//! iframes, `fetch`, images, WebSockets). It listens on 127.0.0.1 on a random port, inside this
//! process, and speaks what Chromium sends a proxy: `CONNECT host:port` for TLS and WebSockets
//! (a byte tunnel once the destination passed the guard), absolute-form requests for plain HTTP
//! (forwarded on a fresh connection to the checked address). A refused destination gets a 403
//! and a log line; nothing is sent to it.

use super::{ConnectError, Guard};
use axum::body::Body;
use hyper::body::Incoming;
use hyper::header::{HOST, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;

/// How the body of a refusal starts: the form engine tells a refused page from a site's 403.
pub const REFUSAL_PREFIX: &str = "Prospecta : adresse refusée";

/// A running proxy; it stops when dropped.
pub struct GuardProxy {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for GuardProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl GuardProxy {
    /// Binds 127.0.0.1 on a random port and serves on `runtime` (callable from blocking code,
    /// where Chromium is launched).
    pub fn start(guard: Guard, runtime: &tokio::runtime::Handle) -> std::io::Result<GuardProxy> {
        let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let task = runtime.spawn(async move {
            let listener = match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => listener,
                Err(e) => {
                    tracing::error!("proxy du navigateur : {e}");
                    return;
                }
            };
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors, typically: wait rather than spin.
                        tracing::warn!("proxy du navigateur : {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let guard = guard.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| handle(req, guard.clone()));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .preserve_header_case(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades()
                        .await;
                });
            }
        });
        Ok(GuardProxy { addr, task })
    }

    /// `http://127.0.0.1:PORT`, for `--proxy-server`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

async fn handle(req: Request<Incoming>, guard: Guard) -> Result<Response<Body>, Infallible> {
    let target = req.uri().to_string();
    let result = if req.method() == Method::CONNECT { tunnel(req, &guard).await } else { forward(req, &guard).await };
    Ok(result.unwrap_or_else(|(status, reason)| {
        if status == StatusCode::FORBIDDEN {
            tracing::warn!(target, "requête du navigateur refusée : {reason}");
        } else {
            tracing::debug!(target, "requête du navigateur en échec : {reason}");
        }
        let text = if status == StatusCode::FORBIDDEN {
            format!("{REFUSAL_PREFIX} : {reason}\n")
        } else {
            format!("Prospecta : {reason}\n")
        };
        let mut response = Response::new(Body::from(text));
        *response.status_mut() = status;
        response.headers_mut().insert("content-type", HeaderValue::from_static("text/plain; charset=utf-8"));
        response
    }))
}

type Refusal = (StatusCode, String);

fn refusal(error: ConnectError) -> Refusal {
    let status = match error {
        ConnectError::Refused(_) => StatusCode::FORBIDDEN,
        ConnectError::Resolve(_) | ConnectError::Connect(_) => StatusCode::BAD_GATEWAY,
    };
    (status, error.to_string())
}

/// `CONNECT host:port`: the destination is checked and connected *before* answering 200, then
/// bytes flow both ways untouched (TLS is between Chromium and the site).
async fn tunnel(req: Request<Incoming>, guard: &Guard) -> Result<Response<Body>, Refusal> {
    let authority =
        req.uri().authority().cloned().ok_or((StatusCode::BAD_REQUEST, "CONNECT sans destination".into()))?;
    let port = authority.port_u16().unwrap_or(443);
    let mut upstream = guard.connect(authority.host(), port, true).await.map_err(refusal)?;
    tokio::spawn(async move {
        if let Ok(upgraded) = hyper::upgrade::on(req).await {
            let mut client = TokioIo::new(upgraded);
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
    });
    Ok(Response::new(Body::empty()))
}

/// A plain-HTTP request in absolute form: one fresh connection to the checked address per
/// request (Chromium may send requests for different hosts on one proxy connection, so an
/// upstream connection is never reused for another request).
async fn forward(mut req: Request<Incoming>, guard: &Guard) -> Result<Response<Body>, Refusal> {
    let uri = req.uri().clone();
    if uri.scheme_str() != Some("http") {
        return Err((StatusCode::BAD_REQUEST, format!("requête de proxy invalide : « {uri} »")));
    }
    let host = uri.host().ok_or((StatusCode::BAD_REQUEST, "requête sans hôte".into()))?.to_string();
    let port = uri.port_u16();
    let stream = guard.connect(&host, port.unwrap_or(80), port.is_some()).await.map_err(refusal)?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| (StatusCode::BAD_GATEWAY, format!("connexion impossible ({e})")))?;
    tokio::spawn(async move {
        let _ = connection.with_upgrades().await;
    });
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    *req.uri_mut() = path.parse().map_err(|_| (StatusCode::BAD_REQUEST, "chemin invalide".to_string()))?;
    let headers = req.headers_mut();
    headers.remove("proxy-connection");
    headers.remove("proxy-authorization");
    if !headers.contains_key(HOST)
        && let Some(authority) = uri.authority().and_then(|a| HeaderValue::from_str(a.as_str()).ok())
    {
        headers.insert(HOST, authority);
    }
    let response =
        sender.send_request(req).await.map_err(|e| (StatusCode::BAD_GATEWAY, format!("réponse illisible ({e})")))?;
    Ok(response.map(Body::new))
}
