//! Cross-origin requests from partners' browser frontends: an allowlist of exact origins
//! (`ASKEL_CORS_ORIGINS`), never a wildcard. Preflights are answered with the methods and the
//! request headers the API uses; `ETag`, `Location` and `Retry-After` are exposed to scripts. A
//! request from any other origin gets no CORS headers, so the browser keeps the answer from the
//! page. With no origins configured nothing changes.

use actix_cors::Cors;
use actix_web::http::header;

/// The allowed origins, each `scheme://host[:port]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsOrigins(Vec<String>);

impl CorsOrigins {
    /// Parses a comma-separated list; each must be an exact `http(s)://host[:port]` origin.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for raw in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let url = reqwest::Url::parse(raw).map_err(|_| format!("{raw:?} is not an origin"))?;
            let exact = url.origin().ascii_serialization();
            if !matches!(url.scheme(), "http" | "https")
                || raw.contains('*')
                || exact != raw.trim_end_matches('/')
            {
                return Err(format!(
                    "{raw:?} is not an exact origin like https://app.example.fi"
                ));
            }
            out.push(exact);
        }
        Ok(Self(out))
    }

    /// Whether any origin is allowed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The middleware for these origins.
    pub fn middleware(&self) -> Cors {
        let mut cors = Cors::default()
            .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
            .allowed_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_MATCH,
                header::ACCEPT,
                header::HeaderName::from_static("idempotency-key"),
            ])
            .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
            .max_age(600)
            .block_on_origin_mismatch(false);
        for origin in &self.0 {
            cors = cors.allowed_origin(origin);
        }
        cors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_origins_are_taken() {
        let o = CorsOrigins::parse("https://app.partner.fi, http://127.0.0.1:5173").unwrap();
        assert_eq!(
            o,
            CorsOrigins(vec![
                "https://app.partner.fi".into(),
                "http://127.0.0.1:5173".into()
            ])
        );
        for bad in [
            "*",
            "https://*.partner.fi",
            "https://app.partner.fi/path",
            "app.partner.fi",
            "ftp://app.partner.fi",
        ] {
            assert!(CorsOrigins::parse(bad).is_err(), "{bad}");
        }
        assert!(CorsOrigins::parse("").unwrap().is_empty());
    }
}
