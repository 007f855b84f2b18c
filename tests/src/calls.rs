//! Calling the server as one caller, and reading its answers: bodies, ids and problems.

use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;
use uuid::Uuid;

use crate::TestApp;

/// A caller with a token (or none).
#[derive(Debug, Clone)]
pub struct Caller<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) token: Option<String>,
}

impl Caller<'_> {
    /// A request builder with the caller's token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let r = self
            .app
            .http
            .request(method, format!("{}{}", self.app.base, path));
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path)
            .send()
            .await
            .expect("request")
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, json: &Value) -> Response {
        self.request(Method::POST, path)
            .json(json)
            .send()
            .await
            .expect("request")
    }

    /// PATCH JSON.
    pub async fn patch(&self, path: &str, json: &Value) -> Response {
        self.request(Method::PATCH, path)
            .json(json)
            .send()
            .await
            .expect("request")
    }
}

/// The JSON body of a response.
pub async fn body(r: Response) -> Value {
    r.json().await.expect("a JSON body")
}

/// The `id` of a JSON object as a UUID.
pub fn id_of(v: &Value) -> Uuid {
    v["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {v}"))
}

/// Asserts `r` is a problem with `status` and returns it.
pub async fn problem(r: Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status, "status");
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type {content_type}"
    );
    let p = body(r).await;
    assert_eq!(p["status"], status);
    assert!(
        p["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:askel:problem:")),
        "{p}"
    );
    assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
    p
}

/// The fields a validation problem names.
pub fn failing_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}
