//! Browsers on an allowed origin may call the API; others get no CORS headers (the browser then
//! keeps the answer from the page); no wildcard; nothing changes when no origin is configured.

use askel_tests::{Overrides, TestApp, on_both_databases, on_both_databases_with};
use reqwest::{Method, StatusCode};

const ALLOWED: &str = "http://app.partner.test:5173";
const CORS: Overrides = &[("ASKEL_CORS_ORIGINS", "http://app.partner.test:5173")];

on_both_databases_with!(CORS; an_allowed_origin_gets_preflights_and_exposed_headers_and_others_nothing);
on_both_databases!(without_origins_configured_there_are_no_cors_headers);

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_ascii_lowercase())
}

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.http
        .request(Method::OPTIONS, format!("{}/v1/projects/x", app.base))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PATCH")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, if-match, idempotency-key",
        )
        .send()
        .await
        .unwrap()
}

async fn an_allowed_origin_gets_preflights_and_exposed_headers_and_others_nothing(app: TestApp) {
    let r = preflight(&app, ALLOWED).await;
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(ALLOWED)
    );
    let methods = header(&r, "access-control-allow-methods").unwrap();
    for m in ["get", "post", "put", "patch", "delete"] {
        assert!(methods.contains(m), "{methods}");
    }
    let headers = header(&r, "access-control-allow-headers").unwrap();
    for h in [
        "authorization",
        "content-type",
        "if-match",
        "idempotency-key",
    ] {
        assert!(headers.contains(h), "{headers}");
    }

    let read = app
        .admin()
        .request(Method::GET, "/v1/projects")
        .header("Origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(
        header(&read, "access-control-allow-origin").as_deref(),
        Some(ALLOWED)
    );
    let exposed = header(&read, "access-control-expose-headers").unwrap();
    for h in ["etag", "location", "retry-after"] {
        assert!(exposed.contains(h), "{exposed}");
    }

    for other in ["http://evil.test", "http://app.partner.test:5174", "null"] {
        let r = preflight(&app, other).await;
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{other}");
        let r = app
            .admin()
            .request(Method::GET, "/v1/projects")
            .header("Origin", other)
            .send()
            .await
            .unwrap();
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{other}");
    }
}

async fn without_origins_configured_there_are_no_cors_headers(app: TestApp) {
    let r = preflight(&app, ALLOWED).await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}
